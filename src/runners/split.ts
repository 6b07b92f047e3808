import type { Job, JobResult, JobRunner } from '../core/types';
import { MAX_WORKER_PROCESSES } from './budget';

/** `threads` spread as evenly as they go over at most `maxParts` parts, the larger shares first. */
function threadShares(threads: number, maxParts: number): number[] {
  const count = Math.min(threads, maxParts);
  return Array.from({ length: count }, (_v, i) => Math.floor(threads / count) + (i < threads % count ? 1 : 0));
}

/** One process's runner, with what the split runner knows of it. */
interface Part {
  readonly runner: JobRunner;
  threads: number;
  inFlight: number;
  /** It rejected a job while the runner was not stopping (its process could not start): it takes no more. */
  broken: boolean;
}

/** The working part with the fewest jobs in flight per thread (the first of equals), if any. */
function leastLoaded(parts: readonly Part[]): Part | undefined {
  let best: Part | undefined;
  for (const part of parts) {
    if (!part.broken && (best === undefined || part.inFlight / part.threads < best.inFlight / best.threads)) best = part;
  }
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
  const own: Part = { runner: first, threads: 1, inFlight: 0, broken: false };
  const parts: Part[] = [own];
  let started = false;
  let stopping = false;
  const start = (threads?: number, files?: number, small?: boolean): void => {
    started = true;
    if (small !== true || threads === undefined || threads < 2 || maxParts < 2) {
      first.start?.(threads, files, small);
      return;
    }
    const [share = threads, ...others] = threadShares(threads, maxParts);
    own.threads = share;
    for (const n of others) parts.push({ runner: more(n), threads: n, inFlight: 0, broken: false });
    for (const part of parts) part.runner.start?.(part.threads, undefined, small);
  };
  /**
   * Runs `job` on the best part. A supervised part rejects a job only when it stops or when its
   * process could not start (it then rejects every job at once, and with none in flight would be
   * picked again and again): such a part is set aside and the job goes to another, if any works.
   */
  const runOn = async (job: Job): Promise<JobResult> => {
    const part = leastLoaded(parts) ?? own;
    part.inFlight += 1;
    try {
      return await part.runner.run(job);
    } catch (error: unknown) {
      if (stopping) throw error;
      part.broken = true;
      if (leastLoaded(parts) === undefined) throw error;
      return await runOn(job);
    } finally {
      part.inFlight -= 1;
    }
  };
  const each = (call: (runner: JobRunner) => Promise<void>): Promise<void> => {
    stopping = true;
    return Promise.all(parts.map((part) => call(part.runner))).then(() => undefined);
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
      for (const part of parts) part.runner.drain?.();
    },
    close: () => each((runner) => runner.close()),
    terminate: () => each((runner) => runner.terminate?.() ?? runner.close()),
  };
}
