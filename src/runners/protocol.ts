import type { Job, JobResult } from '../core/types';

/** Supervisor → child. */
export type ToChild =
  /** Files to run (queued in the child until a worker thread is free), each with its id. */
  | { readonly type: 'run'; readonly jobs: readonly { readonly id: number; readonly job: Job }[] }
  /**
   * Start this many worker threads now (else the first job starts them all). `files` 1: the one
   * file runs on the child's main thread, and no worker thread starts (see child.ts).
   */
  | { readonly type: 'start'; readonly threads: number; readonly files?: number }
  /** An interrupt: files not started yet are skipped as interrupted; those running go on. */
  | { readonly type: 'drain' }
  | { readonly type: 'close' };

/**
 * Child → supervisor. Results are sent a few at a time (see `RESULT_WINDOW_MS`); `started` lists
 * the files (by id) handed to a worker thread since the last message: a file sent is queued in the
 * child until a thread is free, and only a started file is running for `--timeout`.
 */
export type FromChild =
  | { readonly type: 'ready' }
  | {
      readonly type: 'results';
      readonly results: readonly { readonly id: number; readonly result: JobResult }[];
      readonly started: readonly number[];
    };

/** What the child is started with (argv[2], JSON). */
export interface ChildConfig {
  /** The most worker threads it will run (sizes libuv's pool); none start before work arrives. */
  readonly concurrency: number;
  /**
   * The run is likely to be of one file (see `namesOneFile`): load libvips on the main thread at
   * once, while the supervisor plans. No thread starts for it; a wrong guess costs only that load.
   */
  readonly preload?: boolean;
}
