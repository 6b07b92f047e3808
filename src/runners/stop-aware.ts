import type { Job, JobResult, JobRunner } from '../core/types';
import type { RunClock } from './run-clock';

export interface StopAwareOptions {
  /** The user's limit per file in seconds (0: none). */
  readonly timeoutSeconds: number;
  /** The clock of time this process ran; share it with the runner's own hard limit, if any. */
  readonly clock: RunClock;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Seconds to give a file again after sharp stopped it, or undefined when the TIMEOUT stands.
 * sharp's `timeout()` counts wall time, so a file in flight while the process was stopped can fail
 * although it ran for less than the limit: it then runs again with what is left of its limit,
 * rounded up to whole seconds (sharp's unit). A TIMEOUT with no stop seen during that attempt stands.
 */
export function secondsLeftAfterStop(result: JobResult, ranMs: number, stoppedInAttemptMs: number, timeoutSeconds: number): number | undefined {
  if (timeoutSeconds <= 0 || result.status !== 'failed' || result.error.code !== 'TIMEOUT') return undefined;
  if (stoppedInAttemptMs <= 0) return undefined;
  const leftMs = timeoutSeconds * 1000 - ranMs;
  return leftMs > 0 ? Math.ceil(leftMs / 1000) : undefined;
}

/**
 * Wraps a runner so that `--timeout` counts only time the process ran (see `RunClock`): a file
 * that sharp stopped for time spent stopped runs again with the rest of its limit (as often as
 * the process is stopped again during it), and a result whose time spans a stop or two attempts,
 * or a TIMEOUT without a time, reports as `ms` the time the file ran: never the stop, never 0.
 */
export function stopAwareTimeouts(runner: JobRunner, options: StopAwareOptions): JobRunner {
  const { clock, timeoutSeconds } = options;
  const run = async (job: Job): Promise<JobResult> => {
    clock.hold();
    try {
      const watch = clock.start();
      let attempt = job;
      for (;;) {
        const stoppedBefore = watch.stoppedMs();
        const result = await runner.run(attempt);
        const again = secondsLeftAfterStop(result, watch.ranMs(), watch.stoppedMs() - stoppedBefore, timeoutSeconds);
        if (again === undefined) {
          // The worker's ms is wall time: right unless a stop or a second attempt is in it, or it is missing.
          const timedOutWithoutMs = result.status === 'failed' && result.error.code === 'TIMEOUT' && result.ms <= 0;
          return timedOutWithoutMs || watch.stoppedMs() > 0 || attempt !== job ? { ...result, ms: round(watch.ranMs()) } : result;
        }
        attempt = { ...job, timeoutSeconds: again };
      }
    } finally {
      clock.release();
    }
  };
  // Delegates by call, not by spreading: a runner may be a class whose methods live on its prototype.
  return {
    capacity: runner.capacity,
    run,
    close: () => runner.close(),
    ...(runner.terminate === undefined ? {} : { terminate: () => runner.terminate?.() ?? Promise.resolve() }),
    ...(runner.prepare === undefined ? {} : { prepare: () => runner.prepare?.() }),
    ...(runner.drain === undefined ? {} : { drain: () => runner.drain?.() }),
    ...(runner.start === undefined ? {} : { start: (threads?: number, files?: number, small?: boolean) => runner.start?.(threads, files, small) }),
  };
}
