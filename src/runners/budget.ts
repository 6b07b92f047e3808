import os from 'node:os';
import { MAX_THREADS_PER_CORE } from '../core/limits';

export { MAX_THREADS_PER_CORE } from '../core/limits';

/**
 * Files a worker thread runs at once, at most. Two small files share a thread: its JavaScript is
 * mostly idle while libuv's threads decode, and a second file fills that time (tiny-2000 ran in
 * 0.81× the time with two: bench/BASELINE-overhead.md, "After"). A large file has its thread to
 * itself: two would hold two decoded images and gain nothing (short-60: 1.03×). A file that may have
 * shared its thread is not blamed for its thread's death or hang until it does it again alone (see
 * `createPoolRunner` and the supervised runner's timeouts), so each file still fails alone.
 */
export const TASKS_PER_WORKER = 2;

/**
 * V8 heap limit in MB of each thread that processes files: a worker thread past it is replaced and
 * only its file fails; the worker process's main thread (a run of one file) past it dies, and the
 * supervisor retries the file once (WORKER_CRASHED if it dies again).
 */
export const WORKER_HEAP_MB = 512;

/** Inputs up to this size (as discovery saw them) are small: they may share a worker thread. */
export const SHARED_INPUT_BYTES = 256 * 1024;

/**
 * The most worker processes a run of small files spreads its threads over (see `mostlySmall`).
 * Each is another Node and libvips: at -j 2 on tiny-2000 the second took peak RSS from 163 to
 * 225 MB. The gain was measured at two on this 2-core machine; four bounds the memory on larger
 * ones (bench/RESULTS.md, "Design decisions").
 */
export const MAX_WORKER_PROCESSES = 4;

/**
 * Whether most of a run's inputs (at least half, by discovery's sizes) are small enough to share a
 * worker thread. Then the per-file costs outweigh the pixel work, and the supervised runner gives
 * each worker thread a process of its own (see `createSplitRunner`).
 */
export function mostlySmall(jobs: readonly { readonly bytes?: number }[]): boolean {
  const small = jobs.filter((job) => job.bytes !== undefined && job.bytes <= SHARED_INPUT_BYTES).length;
  return jobs.length > 0 && small * 2 >= jobs.length;
}

/**
 * Files queued per worker thread beside the one it runs, where the pool lives, so that a thread
 * that finishes a file starts the next at once instead of waiting for a round trip to the
 * supervisor. A queued file has not started: it is not running for `--timeout`, and a crash does
 * not count against it (see `createPoolRunner`). Measured: bench/BASELINE-overhead.md, "After".
 */
export const QUEUED_PER_WORKER = 4;

/**
 * The child sends results a few at a time: after this many ms, or RESULT_BATCH of them, whichever
 * comes first (at once when it has nothing else to do). Fewer messages cost less in both processes;
 * the files queued beside each thread (QUEUED_PER_WORKER) cover the wait for the next ones.
 */
export const RESULT_WINDOW_MS = 10;
export const RESULT_BATCH = 32;

/** Files a pool runner of `threads` worker threads accepts at once (its `capacity`). */
export function poolCapacity(threads: number, tasksPerWorker: number = TASKS_PER_WORKER): number {
  return threads * (tasksPerWorker + QUEUED_PER_WORKER);
}

/**
 * libuv thread-pool size for `workers` worker threads in one process. sharp runs on libuv's pool,
 * shared by every thread of the process and 4 threads by default: with more files at once than
 * that (TASKS_PER_WORKER per worker) they would queue for it.
 */
export function uvThreadpoolSize(workers: number): number {
  return Math.max(4, workers * TASKS_PER_WORKER + 1);
}

/**
 * Sizes libuv's pool in `env` (this process's by default) for `workers` worker threads, capped like
 * them, unless it is set already. sharp runs on that pool, shared by every thread of the process;
 * libuv reads the size when the pool first starts, so call this before any asynchronous I/O.
 */
export function sizeUvThreadpool(workers: number, env: NodeJS.ProcessEnv = process.env): void {
  env['UV_THREADPOOL_SIZE'] ??= String(uvThreadpoolSize(Math.min(workers, maxWorkerThreads())));
}

/** The most worker threads a run starts on a machine with `cores` cores. */
export function maxWorkerThreads(cores: number = os.availableParallelism()): number {
  return MAX_THREADS_PER_CORE * Math.max(1, cores);
}

/**
 * The one rule for how many worker threads a run starts: what was asked for (`-j`), never more than
 * the files to process, never more than `maxWorkerThreads`, and none when there is nothing to
 * process (a plan that settles every file, a dry run, a rerun with nothing to do).
 */
export function workerThreads(requested: number, files: number, cores: number = os.availableParallelism()): number {
  return Math.max(0, Math.min(requested, files, maxWorkerThreads(cores)));
}
