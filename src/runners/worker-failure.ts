import { errnoCode, errorMessage } from '../core/errors';
import { failedWith } from '../core/results';
import type { Job, JobResult } from '../core/types';

/** A worker that threw, exited or ran out of heap fails only its file; piscina replaces it. */
export function workerFailure(job: Job, error: unknown): JobResult {
  const code = errnoCode(error) ?? '';
  const message = errorMessage(error);
  const kind =
    code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? failedWith(job.input, 'WORKER_OUT_OF_MEMORY', 'the worker thread ran out of heap memory on this file and was replaced')
      : /exited|terminat/i.test(message)
        ? failedWith(job.input, 'WORKER_EXITED', `the worker thread exited while processing this file and was replaced (${message})`)
        : failedWith(job.input, 'WORKER_ERROR', `the worker thread failed on this file: ${message}`);
  return kind;
}
