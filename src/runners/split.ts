import type { Job, JobResult, JobRunner } from '../core/types';
import { MAX_WORKER_PROCESSES } from './budget';

/**
 * A runner that is one runner, or for a run of mostly small files several ("parts"), one per worker
 * thread. The supervised runner uses it to give each worker thread a worker process of its own when
 * the files are small: two threads in one process (sharing its libuv pool, and libvips' and malloc's
 * locks) took about 1.3× the time of two processes with a thread each on 2,000 tiny files
 * (bench/BASELINE-overhead.md, "a layout experiment"). Large files keep one process for all the
 * threads: there the pixel work dominates, and one process holds less memory.
 *
 * `first` is made up front (its process may start while the caller plans) and always used; it runs
 * every thread unless `start` says the files are small; then the threads spread over at most
 * `maxParts` processes, `first` taking the first share and `more(threads)` making the others. Each job goes to the part with the fewest jobs in
 * flight. Each part keeps its own guarantees (its hard limit, its crash retries), so a file that
 * kills or hangs its process costs only that part's files a retry.
 */
export function createSplitRunner(first: JobRunner, more: (threads: number) => JobRunner, maxParts: number = MAX_WORKER_PROCESSES): JobRunner {
  const parts: JobRunner[] = [first];
  const threadsOf: number[] = [1];
  const inFlight: number[] = [0];
  let started = false;
  const start = (threads?: number, files?: number, small?: boolean): void => {
    started = true;
    if (small !== true || threads === undefined || threads < 2 || maxParts < 2) {
      first.start?.(threads, files, small);
      return;
    }
    // The threads spread as evenly as they go over at most maxParts processes.
    const count = Math.min(threads, maxParts);
    const share = (i: number): number => Math.floor(threads / count) + (i < threads % count ? 1 : 0);
    threadsOf[0] = share(0);
    first.start?.(share(0), undefined, small);
    for (let i = 1; i < count; i += 1) {
      const part = more(share(i));
      parts.push(part);
      threadsOf.push(share(i));
      inFlight.push(0);
      part.start?.(share(i), undefined, small);
    }
  };
  /** The part with the fewest jobs in flight per thread (the first of equals). */
  const load = (i: number): number => (inFlight[i] ?? 0) / (threadsOf[i] ?? 1);
  const pick = (): number => {
    let best = 0;
    for (let i = 1; i < parts.length; i += 1) if (load(i) < load(best)) best = i;
    return best;
  };
  const each = (call: (part: JobRunner) => Promise<void>): Promise<void> => Promise.all(parts.map(call)).then(() => undefined);
  return {
    capacity: first.capacity,
    async run(job: Job): Promise<JobResult> {
      // Without `start`, the first job starts the first runner as it always did.
      started = true;
      const i = pick();
      inFlight[i] = (inFlight[i] ?? 0) + 1;
      try {
        return await (parts[i] ?? first).run(job);
      } finally {
        inFlight[i] = (inFlight[i] ?? 1) - 1;
      }
    },
    prepare: () => first.prepare?.(),
    start(threads, files, small) {
      if (!started) start(threads, files, small);
    },
    drain: () => {
      for (const part of parts) part.drain?.();
    },
    close: () => each((part) => part.close()),
    terminate: () => each((part) => part.terminate?.() ?? part.close()),
  };
}
