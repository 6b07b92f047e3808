import fs from 'node:fs';
import path from 'node:path';
import { Piscina } from 'piscina';
import type { Job, JobResult, JobRunner } from '../core/types';

export interface PoolOptions {
  /** Worker threads; the pool keeps exactly this many. */
  readonly concurrency: number;
}

/**
 * The compiled worker. Under ts-jest this module runs from `src/`, where no `.js` worker exists,
 * so it falls back to `dist/` (built by `npm test`'s pretest step).
 */
export function workerFile(): string {
  const beside = path.join(__dirname, 'worker.js');
  if (fs.existsSync(beside)) return beside;
  const built = path.resolve(__dirname, '..', '..', 'dist', 'pool', 'worker.js');
  if (fs.existsSync(built)) return built;
  throw new Error(`Expected the compiled worker at ${beside} or ${built} but found neither: run "npm run build"`);
}

/** A `JobRunner` on a piscina worker-thread pool. The only module that imports piscina. */
export function createPoolRunner(options: PoolOptions): JobRunner {
  const pool = new Piscina<Job, JobResult>({
    filename: workerFile(),
    minThreads: options.concurrency,
    maxThreads: options.concurrency,
    concurrentTasksPerWorker: 1,
  });
  return {
    capacity: options.concurrency,
    run: (job) => pool.run(job),
    close: () => pool.close(),
    terminate: () => pool.destroy(),
  };
}
