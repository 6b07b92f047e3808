import type { JobErrorCode } from '../core/errors';
import { failedWith, skippedResult } from '../core/results';
import type { Job, JobResult } from '../core/types';
import type { Stopwatch } from './run-clock';

/** One job handed to the supervised runner, until its result is known. */
export interface Task {
  readonly job: Job;
  readonly resolve: (result: JobResult) => void;
  readonly reject: (error: unknown) => void;
  /** The child said a worker thread took it (until then it waits in the child's queue). */
  started: boolean;
  /** It was lost once already with a child that died before saying it had started it. */
  lostUnstarted: boolean;
  /** It was running when a child died once already, and is being retried alone. */
  suspect: boolean;
  /** Time it has run since it started, while the hard limit applies (the clock is held meanwhile). */
  watch?: Stopwatch | undefined;
}

export const newTask = (job: Job, resolve: Task['resolve'], reject: Task['reject']): Task => ({
  job,
  resolve,
  reject,
  started: false,
  lostUnstarted: false,
  suspect: false,
});

/** Raised for jobs still pending when the runner is terminated. */
export class TerminatedError extends Error {
  constructor() {
    super('the runner was terminated');
  }
}

export const failed = (job: Job, code: JobErrorCode, message: string): JobResult => failedWith(job.input, code, message);

export const interrupted = (task: Task): void => task.resolve(skippedResult(task.job.input, 'interrupted'));

/** What becomes of the files a dead child had: retried alone, failed, or sent again as usual. */
export interface Fates {
  readonly crashed: Task[];
  readonly suspects: Task[];
  readonly again: Task[];
}

/**
 * A file that was running when its child died is a suspect, retried alone; a suspect that dies
 * again fails with WORKER_CRASHED (unless the death was another file's timeout). A file still
 * queued in the child did not cause the death and is sent again as usual; the second time it is
 * lost that way it is treated as running (its start may not have been reported before the death).
 */
export function fatesOf(lost: readonly Task[], wasTimeout: boolean): Fates {
  const fates: Fates = { crashed: [], suspects: [], again: [] };
  for (const task of lost) {
    if (!task.started && !task.lostUnstarted && !task.suspect) {
      task.lostUnstarted = true;
      fates.again.push(task);
    } else if (task.suspect && !wasTimeout) {
      fates.crashed.push(task);
    } else {
      task.suspect = true;
      fates.suspects.push(task);
    }
    task.started = false;
  }
  return fates;
}
