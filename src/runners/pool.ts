import { Piscina } from 'piscina';
import { errnoCode, errorMessage } from '../core/errors';
import { failedWith } from '../core/results';
import type { Job, JobResult, JobRunner } from '../core/types';
import { TASKS_PER_WORKER } from './budget';
import { compiledFile } from './compiled';

export interface PoolOptions {
  /** Worker threads; the pool keeps exactly this many. */
  readonly concurrency: number;
  /**
   * V8 heap limit of each worker thread in MB; a worker past it is replaced and only its file fails.
   * @default 512
   */
  readonly workerHeapMb?: number;
  /**
   * Files in flight per worker thread.
   * @default TASKS_PER_WORKER (2)
   */
  readonly tasksPerWorker?: number;
}

/** The compiled worker (see `compiledFile`). */
export function workerFile(): string {
  return compiledFile(__dirname, 'runners/worker.js');
}

/** A worker that threw, exited or ran out of heap fails only its file; piscina replaces it. */
function workerFailure(job: Job, error: unknown): JobResult {
  const code = errnoCode(error) ?? '';
  const message = errorMessage(error);
  const kind =
    code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? failedWith(job.input, 'WORKER_OUT_OF_MEMORY', 'the worker thread ran out of heap memory on this file and was replaced')
      : /exited|terminat/i.test(message)
        ? failedWith(job.input, 'WORKER_EXITED', `the worker thread exited while processing this file and was replaced (${message})`)
        : failedWith(job.input, 'WORKER_ERROR', `the worker thread failed on this file: ${message}`);
  return kind;
}

/**
 * A `JobRunner` on a piscina worker-thread pool in this process. The only module that imports
 * piscina. No thread starts before `start(threads)` or the first job: a run with nothing to process
 * starts none (see `workerThreads`).
 */
/** A pool runner, which also tells how many worker threads it runs now. */
export interface PoolRunner extends JobRunner {
  readonly threads: number;
}

export function createPoolRunner(options: PoolOptions): PoolRunner {
  let pool: Piscina<Job, JobResult> | undefined;
  const open = (threads: number): Piscina<Job, JobResult> =>
    new Piscina<Job, JobResult>({
      filename: workerFile(),
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: options.tasksPerWorker ?? TASKS_PER_WORKER,
      // A worker's JavaScript is small (pixels live in libvips, file bytes in external Buffers): a 4 MB
      // young generation keeps 10,000-file runs from growing each isolate (bench/memory.js).
      resourceLimits: { maxOldGenerationSizeMb: options.workerHeapMb ?? 512, maxYoungGenerationSizeMb: 4 },
    });
  let destroyed = false;
  return {
    capacity: options.concurrency * (options.tasksPerWorker ?? TASKS_PER_WORKER),
    get threads() {
      return pool?.threads.length ?? 0;
    },
    start: (threads) => {
      pool ??= open(Math.max(1, Math.min(threads ?? options.concurrency, options.concurrency)));
    },
    run: (job) => {
      pool ??= open(options.concurrency);
      return pool.run(job).catch((error: unknown) => {
        if (destroyed) throw error;
        return workerFailure(job, error);
      });
    },
    close: async () => {
      await pool?.close();
    },
    terminate: async () => {
      destroyed = true;
      await pool?.destroy();
    },
  };
}
