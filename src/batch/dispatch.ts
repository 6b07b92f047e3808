import { failedWith, skippedResult } from '../core/results';
import { errorMessage } from '../core/errors';
import { removeOwnTemporaries } from '../job/temporaries';
import type { Job, JobResult, JobRunner } from '../core/types';

export interface DispatchOptions {
  readonly signal: AbortSignal | undefined;
  /**
   * After an abort, how long files in flight may take to finish before the runner is terminated
   * (their temporaries are then removed and they are reported as interrupted).
   */
  readonly graceMs: number;
  readonly report: (result: JobResult) => void;
}

export interface DispatchOutcome {
  /** The runner failed to produce a result for some job (a bug, not a bad file). */
  readonly internalError: boolean;
}

const interrupted = (job: Job): JobResult => skippedResult(job.input, 'interrupted');

/**
 * Keeps `runner.capacity` jobs in flight (p-map with stopOnError false: a failure never stops the
 * others). On abort it stops dispatching; jobs never started are reported as interrupted.
 */
export async function dispatch(jobs: readonly Job[], runner: JobRunner, o: DispatchOptions): Promise<DispatchOutcome> {
  let internalError = false;
  let terminated = false;
  let next = 0;
  let grace: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    runner.drain?.();
    if (runner.terminate === undefined) return;
    const terminate = runner.terminate.bind(runner);
    grace = setTimeout(() => {
      terminated = true;
      void terminate();
    }, o.graceMs);
  };
  if (o.signal?.aborted === true) onAbort();
  else o.signal?.addEventListener('abort', onAbort, { once: true });

  const stoppedByTermination: Job[] = [];
  const lane = async (): Promise<void> => {
    while (o.signal?.aborted !== true) {
      const job = jobs[next];
      if (job === undefined) return;
      next += 1;
      const result = await runner.run(job).catch((error: unknown): JobResult => {
        if (terminated) {
          stoppedByTermination.push(job);
          return interrupted(job);
        }
        internalError = true;
        return failedWith(job.input, 'INTERNAL', `imgbatch failed internally on this file: ${errorMessage(error)}`);
      });
      o.report(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(runner.capacity, jobs.length)) }, lane));
  } finally {
    clearTimeout(grace);
    o.signal?.removeEventListener('abort', onAbort);
  }
  if (stoppedByTermination.length > 0) await removeOwnTemporaries(stoppedByTermination.flatMap((j) => j.outputs.map((o) => o.path)));
  for (const job of jobs.slice(next)) o.report(interrupted(job));
  return { internalError };
}
