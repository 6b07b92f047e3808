import type { JobResult } from '../core/types';
import type { RunClock } from './run-clock';
import { failed, type Task } from './supervised-task';

/** The supervised runner's hard limit per file: a stopwatch per running file, on the run clock. */
export interface HardLimit {
  /** The file started running: its time counts from now (the clock ticks while any file is watched). */
  watch(task: Task): void;
  /** The file ended, or is no longer running. */
  unwatch(task: Task): void;
  /** The first running file past the limit (of files by id), with the ms it ran. */
  over(tasks: Iterable<[number, Task]>): { id: number; task: Task; ranMs: number } | undefined;
  /** The TIMEOUT result of a file convicted of running past the limit (alone, or retried alone). */
  timedOut(task: Task, ranMs: number): JobResult;
}

/** `hardTimeoutMs` 0: no limit (nothing is watched). `timeoutSeconds`: the user's limit, for messages. */
export function hardLimit(hardTimeoutMs: number, timeoutSeconds: number | undefined, clock: RunClock): HardLimit {
  return {
    watch(task) {
      if (hardTimeoutMs <= 0 || task.watch !== undefined) return;
      clock.hold();
      task.watch = clock.start();
    },
    unwatch(task) {
      if (task.watch === undefined) return;
      task.watch = undefined;
      clock.release();
    },
    over(tasks) {
      for (const [id, task] of tasks) {
        const ranMs = task.watch?.ranMs();
        if (ranMs !== undefined && ranMs >= hardTimeoutMs) return { id, task, ranMs };
      }
      return undefined;
    },
    timedOut(task, ranMs) {
      const limit = timeoutSeconds ?? hardTimeoutMs / 1000;
      const alone = task.suspect ? ', also when retried alone' : '';
      const message = `still running past the ${limit} s limit (--timeout)${alone}: its worker process was killed and replaced`;
      return { ...failed(task.job, 'TIMEOUT', message), ms: Math.round(ranMs * 10) / 10 };
    },
  };
}
