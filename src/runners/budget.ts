import os from 'node:os';
import { MAX_THREADS_PER_CORE } from '../core/limits';

export { MAX_THREADS_PER_CORE } from '../core/limits';

/**
 * Files each worker thread has in flight at once; the thread budget is workers × TASKS_PER_WORKER ×
 * one libvips thread. Two per worker is faster on small files (a worker's JavaScript thread is mostly
 * idle while libuv's threads decode) and costs memory on large ones (bench/RESULTS.md, "Design
 * decisions"). It is 1 because with 2, a worker that exits, runs out of heap or hangs takes the
 * other file in flight on it down too, and each file must fail alone (crash isolation).
 */
export const TASKS_PER_WORKER = 1;

/**
 * libuv thread-pool size for `workers` worker threads in one process. sharp runs on libuv's pool,
 * shared by every thread of the process and 4 threads by default: with more than 3 workers they
 * would queue for it.
 */
export function uvThreadpoolSize(workers: number): number {
  return Math.max(4, workers * TASKS_PER_WORKER + 1);
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
