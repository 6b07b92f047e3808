import { Piscina } from 'piscina';
import { skippedResult } from '../core/results';
import type { Job, JobResult, JobRunner } from '../core/types';
import { poolCapacity, SHARED_INPUT_BYTES, TASKS_PER_WORKER, WORKER_HEAP_MB } from './budget';
import { compiledFile } from './compiled';
import { threadDied, workerFailure } from './worker-failure';

export interface PoolOptions {
  /** Worker threads; the pool keeps exactly this many. */
  readonly concurrency: number;
  /**
   * V8 heap limit of each worker thread in MB; a worker past it is replaced and only its file fails.
   * @default 512
   */
  readonly workerHeapMb?: number;
  /**
   * Files a worker thread runs at once, at most (small inputs only; a larger one takes a thread).
   * @default TASKS_PER_WORKER (2)
   */
  readonly tasksPerWorker?: number;
}

/** The compiled worker (see `compiledFile`). */
export function workerFile(): string {
  return compiledFile(__dirname, 'runners/worker.js');
}

/** A pool runner, which also tells how many worker threads it runs now. */
export interface PoolRunner extends JobRunner {
  readonly threads: number;
  /** Files accepted and not finished: running, and queued for a thread. */
  readonly pending: number;
  /** As `JobRunner.run`; `onStart` is called when the file leaves the queue for a worker thread. */
  run(job: Job, onStart?: () => void): Promise<JobResult>;
  /** Files queued and not started are skipped as `interrupted`; files running go on. */
  drain(): void;
  start(threads?: number): void;
}

/** A file accepted and not finished: queued, running, or waiting to run again alone. */
interface Lane {
  readonly job: Job;
  readonly onStart: (() => void) | undefined;
  readonly resolve: (result: JobResult) => void;
  readonly reject: (error: unknown) => void;
  /** Share of a thread it takes: 1 for a small input, a whole thread (TASKS_PER_WORKER) otherwise. */
  readonly weight: number;
  /** More files than threads ran at some point while it ran: it may have shared its thread. */
  shared: boolean;
  /** It runs again with nothing else in the pool, after its thread died while it may have shared it. */
  solo: boolean;
}

/**
 * A `JobRunner` on a piscina worker-thread pool in this process. The only module that imports
 * piscina. No thread starts before `start(threads)` or the first job: a run with nothing to process
 * starts none (see `workerThreads`).
 * - It accepts `QUEUED_PER_WORKER` files per thread beyond those running and hands each to piscina
 *   when a thread has room: the next file is here when one finishes (no round trip to whoever sends
 *   them), and a queued file has not started (`onStart` tells when it does; `drain` skips the rest).
 * - Two small inputs may share a thread (`TASKS_PER_WORKER`, `SHARED_INPUT_BYTES`); a larger one
 *   takes a whole thread. When a thread dies, piscina fails every file on it: a file that may have
 *   shared its thread runs again alone (nothing else in the pool), and only that result stands.
 */
export function createPoolRunner(options: PoolOptions): PoolRunner {
  return new Pool(options);
}

class Pool implements PoolRunner {
  readonly capacity: number;
  private readonly perWorker: number;
  private piscina: Piscina<Job, JobResult> | undefined;
  /** Threads of the pool (0 until it opens). */
  private size = 0;
  private readonly active = new Set<Lane>();
  private readonly queue: Lane[] = [];
  /** Files to run again alone. */
  private readonly again: Lane[] = [];
  private destroyed = false;

  constructor(private readonly options: PoolOptions) {
    this.perWorker = options.tasksPerWorker ?? TASKS_PER_WORKER;
    this.capacity = poolCapacity(options.concurrency, this.perWorker);
  }

  get threads(): number {
    return this.piscina?.threads.length ?? 0;
  }

  /** Shares of threads taken by the files running (see `Lane.weight`). */
  private get used(): number {
    let shares = 0;
    for (const lane of this.active) shares += lane.weight;
    return shares;
  }

  get pending(): number {
    return this.active.size + this.queue.length + this.again.length;
  }

  start(threads?: number): void {
    this.open(Math.max(1, Math.min(threads ?? this.options.concurrency, this.options.concurrency)));
  }

  run(job: Job, onStart?: () => void): Promise<JobResult> {
    return new Promise<JobResult>((resolve, reject) => {
      this.open(this.options.concurrency);
      const small = job.bytes !== undefined && job.bytes <= SHARED_INPUT_BYTES;
      this.queue.push({ job, onStart, resolve, reject, weight: small ? 1 : this.perWorker, shared: false, solo: false });
      this.pump();
    });
  }

  drain(): void {
    for (const lane of this.queue.splice(0)) lane.resolve(skippedResult(lane.job.input, 'interrupted'));
  }

  async close(): Promise<void> {
    await this.piscina?.close();
  }

  async terminate(): Promise<void> {
    this.destroyed = true;
    for (const lane of [...this.queue.splice(0), ...this.again.splice(0)]) lane.reject(new Error('the pool was terminated before this file ran'));
    await this.piscina?.destroy();
  }

  private open(threads: number): void {
    if (this.piscina !== undefined) return;
    this.size = threads;
    this.piscina = new Piscina<Job, JobResult>({
      filename: workerFile(),
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: this.perWorker,
      // A worker's JavaScript is small (pixels live in libvips, file bytes in external Buffers): a 4 MB
      // young generation keeps 10,000-file runs from growing each isolate (bench/memory.js).
      resourceLimits: { maxOldGenerationSizeMb: this.options.workerHeapMb ?? WORKER_HEAP_MB, maxYoungGenerationSizeMb: 4 },
    });
  }

  /** Starts what fits: a file to run again alone once the pool is empty, else the queue in order. */
  private pump(): void {
    const { piscina } = this;
    if (piscina === undefined || [...this.active].some((lane) => lane.solo)) return;
    if (this.again.length > 0) {
      const alone = this.active.size === 0 ? this.again.shift() : undefined;
      if (alone !== undefined) this.launch(piscina, alone);
      return;
    }
    for (let next = this.queue[0]; next !== undefined && this.used + next.weight <= this.size * this.perWorker; next = this.queue[0]) {
      this.queue.shift();
      this.launch(piscina, next);
    }
  }

  private launch(piscina: Piscina<Job, JobResult>, lane: Lane): void {
    this.active.add(lane);
    if (this.active.size > this.size) for (const each of this.active) each.shared = true;
    if (!lane.solo) lane.onStart?.();
    piscina.run(lane.job).then(
      (result) => this.finish(lane, result),
      (error: unknown) => this.failed(lane, error),
    );
  }

  /** The next file starts before this one's result is passed on: the thread is not left waiting. */
  private finish(lane: Lane, result: JobResult): void {
    this.active.delete(lane);
    this.pump();
    lane.resolve(result);
  }

  private failed(lane: Lane, error: unknown): void {
    if (this.destroyed) {
      this.active.delete(lane);
      lane.reject(error);
    } else if (lane.shared && !lane.solo && threadDied(error)) {
      this.active.delete(lane);
      lane.solo = true;
      this.again.push(lane);
      this.pump();
    } else {
      this.finish(lane, workerFailure(lane.job, error));
    }
  }
}
