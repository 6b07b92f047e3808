import type { Job, JobResult } from '../core/types';

/** Supervisor → child. */
export type ToChild =
  | { readonly type: 'run'; readonly id: number; readonly job: Job }
  /** Start this many worker threads now (else the first job starts them all). */
  | { readonly type: 'start'; readonly threads: number }
  | { readonly type: 'close' };

/** Child → supervisor. */
export type FromChild = { readonly type: 'ready' } | { readonly type: 'result'; readonly id: number; readonly result: JobResult };

/** What the child is started with (argv[2], JSON). */
export interface ChildConfig {
  /** The most worker threads it will run (sizes libuv's pool); none start before work arrives. */
  readonly concurrency: number;
}
