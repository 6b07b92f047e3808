import type { JobRunner } from '../core/types';
import { maxWorkerThreads, poolCapacity } from './budget';

/**
 * A runner made only when a job (or `start`) first needs it: a run that turns out to have nothing
 * to do (an incremental rerun with every input unchanged) starts no process and no thread.
 */
export function lazyRunner(create: () => Promise<JobRunner>, concurrency: number): JobRunner {
  let made: Promise<JobRunner> | undefined;
  const get = (): Promise<JobRunner> => (made ??= create());
  return {
    capacity: poolCapacity(Math.min(concurrency, maxWorkerThreads())),
    run: async (job) => (await get()).run(job),
    drain() {
      void made?.then((runner) => runner.drain?.());
    },
    start(threads, files, small) {
      void get().then((runner) => runner.start?.(threads, files, small));
    },
    async close() {
      if (made !== undefined) await (await made).close();
    },
    async terminate() {
      if (made === undefined) return;
      const runner = await made;
      await (runner.terminate?.() ?? runner.close());
    },
  };
}
