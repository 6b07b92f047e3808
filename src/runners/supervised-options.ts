import type { RunClock } from './run-clock';
import type { WorkerProcess } from './worker-process';

/** How `createSupervisedRunner` runs its child process. */
export interface SupervisedOptions {
  /** Worker threads in the child at most (`start(threads)` may start fewer). */
  readonly concurrency: number;
  /**
   * Hard limit per file in ms (0: none). A file that has run this long since it was sent has its
   * process killed and replaced; it fails with `TIMEOUT`. Only time this process ran counts, on
   * `clock`: time spent stopped (Ctrl-Z, SIGSTOP) is not the file's.
   */
  readonly hardTimeoutMs: number;
  /**
   * The clock of the hard limit; share it with `stopAwareTimeouts` around this runner.
   * @default a new RunClock
   */
  readonly clock?: RunClock;
  /** The user's limit in seconds, for the message (defaults to the hard limit). */
  readonly timeoutSeconds?: number;
  /**
   * A worker process started earlier with `forkWorkerProcess`, so that its start-up overlapped the
   * caller's (the CLI starts one before it parses its flags). It becomes the first child when it is
   * alive and has the same config; otherwise it is killed. Either way this runner owns it.
   */
  readonly spare?: WorkerProcess;
}
