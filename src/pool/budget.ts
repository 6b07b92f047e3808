/**
 * Files each worker thread has in flight at once; the thread budget is workers × TASKS_PER_WORKER ×
 * one libvips thread. Measured (2 cores, 2,000 small JPEGs, resize): 2 per worker was ~20% faster,
 * because a worker's JavaScript thread is mostly idle while libuv's threads decode; on 200 large
 * photos it was level and peaked ~40% higher in memory. It is 1 because with 2, a worker that exits,
 * runs out of heap or hangs takes the other file in flight on it down too, and each file must fail
 * alone (crash isolation).
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
