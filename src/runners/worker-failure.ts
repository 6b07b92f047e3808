import { errnoCode, errorMessage } from '../core/errors';
import { failedWith } from '../core/results';
import type { Job, JobResult } from '../core/types';

/** How a worker thread failed a file: it threw (the thread lives on), or the thread itself ended. */
function failureKind(error: unknown): 'out-of-memory' | 'exited' | 'threw' {
  if (errnoCode(error) === 'ERR_WORKER_OUT_OF_MEMORY') return 'out-of-memory';
  return /exited|terminat/i.test(errorMessage(error)) ? 'exited' : 'threw';
}

/** The thread died (exit, heap limit): piscina fails every file on it, not only its culprit. */
export const threadDied = (error: unknown): boolean => failureKind(error) !== 'threw';

/** A worker that threw, exited or ran out of heap fails only its file; piscina replaces it. */
export function workerFailure(job: Job, error: unknown): JobResult {
  const message = errorMessage(error);
  switch (failureKind(error)) {
    case 'out-of-memory':
      return failedWith(job.input, 'WORKER_OUT_OF_MEMORY', 'the worker thread ran out of heap memory on this file and was replaced');
    case 'exited':
      return failedWith(job.input, 'WORKER_EXITED', `the worker thread exited while processing this file and was replaced (${message})`);
    default:
      return failedWith(job.input, 'WORKER_ERROR', `the worker thread failed on this file: ${message}`);
  }
}
