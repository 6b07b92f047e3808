/**
 * Files each worker thread has in flight at once; the thread budget is workers × TASKS_PER_WORKER ×
 * one libvips thread. Measured (2 cores, 2,000 small JPEGs, resize): 2 per worker was ~20% faster,
 * because a worker's JavaScript thread is mostly idle while libuv's threads decode; on 200 large
 * photos it was level and peaked ~40% higher in memory. It is 1 because with 2, a worker that exits,
 * runs out of heap or hangs takes the other file in flight on it down too, and each file must fail
 * alone (crash isolation).
 */
export const TASKS_PER_WORKER = 1;
