import type { Job, JobResult, JobRunner } from '../core/types';
import { MAX_WORKER_PROCESSES } from './budget';

/** `threads` spread as evenly as they go over at most `maxParts` parts, the larger shares first. */
function threadShares(threads: number, maxParts: number): number[] {
  const count = Math.min(threads, maxParts);
  return Array.from({ length: count }, (_v, i) => Math.floor(threads / count) + (i < threads % count ? 1 : 0));
}

/** The working part with the fewest jobs in flight per thread (the first of equals), if any. */
function leastLoaded(inFlight: readonly number[], threadsOf: readonly number[], broken: ReadonlySet<number>): number | undefined {
  const load = (i: number): number => (inFlight[i] ?? 0) / (threadsOf[i] ?? 1);
  let best: number | undefined;
  for (let i = 0; i < inFlight.length; i += 1) if (!broken.has(i) && (best === undefined || load(i) < load(best))) best = i;
  return best;
}

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
 * `maxParts` processes, `first` taking the first share and `more(threads)` making the others.
 * Each job goes to the part with the fewest jobs in flight per thread. Each part keeps its own
 * guarantees (its hard limit, its crash retries), so a file that kills or hangs its process costs
 * only that part's files a retry.
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
    for (const [i, n] of threadShares(threads, maxParts).entries()) {
      const part = i === 0 ? first : more(n);
      if (i > 0) parts.push(part);
      threadsOf[i] = n;
      inFlight[i] = 0;
      part.start?.(n, undefined, small);
    }
  };
  /** Parts that rejected a job while the runner was not stopping: they take no more. */
  const broken = new Set<number>();
  let stopping = false;
  const pick = (): number | undefined => leastLoaded(inFlight, threadsOf, broken);
  /**
   * Runs `job` on the best part. A supervised part rejects a job only when it stops or when its
   * process could not start (it then rejects every job at once, and with none in flight would be
   * picked again and again): such a part is set aside and the job goes to another, if any works.
   */
  const runOn = async (job: Job): Promise<JobResult> => {
    const i = pick() ?? 0;
    inFlight[i] = (inFlight[i] ?? 0) + 1;
    try {
      return await (parts[i] ?? first).run(job);
    } catch (error: unknown) {
      if (stopping) throw error;
      broken.add(i);
      if (pick() === undefined) throw error;
      return await runOn(job);
    } finally {
      inFlight[i] = (inFlight[i] ?? 1) - 1;
    }
  };
  const each = (call: (part: JobRunner) => Promise<void>): Promise<void> => {
    stopping = true;
    return Promise.all(parts.map(call)).then(() => undefined);
  };
  return {
    capacity: first.capacity,
    run(job: Job): Promise<JobResult> {
      // Without `start`, the first job starts the first runner as it always did.
      started = true;
      return runOn(job);
    },
    prepare: () => first.prepare?.(),
    start(threads, files, small) {
      // Once stopping, nothing starts: a part made now would outlive close().
      if (!started && !stopping) start(threads, files, small);
    },
    drain: () => {
      for (const part of parts) part.drain?.();
    },
    close: () => each((part) => part.close()),
    terminate: () => each((part) => part.terminate?.() ?? part.close()),
  };
}
