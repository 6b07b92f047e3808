import type { Job, JobResult } from '../core/types';

/** Supervisor → child. */
export type ToChild = { readonly type: 'run'; readonly id: number; readonly job: Job } | { readonly type: 'close' };

/** Child → supervisor. */
export type FromChild = { readonly type: 'ready' } | { readonly type: 'result'; readonly id: number; readonly result: JobResult };

/** What the child is started with (argv[2], JSON). */
export interface ChildConfig {
  readonly concurrency: number;
}
