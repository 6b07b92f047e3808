import type { JobErrorCode } from '../core/errors';
import { failedWith } from '../core/results';
import type { Job, JobResult, JobRunner } from '../core/types';
import { TASKS_PER_WORKER } from './budget';
import { RunClock, type Stopwatch } from './run-clock';
import { temporaryCleanup } from './cleanup';
import type { ChildConfig, FromChild, ToChild } from './protocol';
import type { SupervisedOptions } from './supervised-options';
import { childFile, forkWorkerProcess, type WorkerProcess } from './worker-process';

export type { SupervisedOptions };

/** One job handed to the runner, until its result is known. */
interface Task {
  readonly job: Job;
  readonly resolve: (result: JobResult) => void;
  readonly reject: (error: unknown) => void;
  /** It was in flight when a child died once already, and is being retried alone. */
  suspect: boolean;
  /** Time it has run since it was sent, while the hard limit applies (the clock is held meanwhile). */
  watch?: Stopwatch | undefined;
}

/** Raised for jobs still pending when the runner is terminated. */
export class TerminatedError extends Error {
  constructor() {
    super('the runner was terminated');
  }
}

const failed = (job: Job, code: JobErrorCode, message: string): JobResult => failedWith(job.input, code, message);

/**
 * A `JobRunner` that hosts the piscina pool in a supervised child process. When the child dies,
 * results already reported stand; the files that were in flight are retried once each, one at a
 * time, on a fresh child; a file that kills its process again fails with `WORKER_CRASHED`, and the
 * batch carries on. A file past the hard timeout has its process killed and fails with `TIMEOUT`.
 */
export function createSupervisedRunner(options: SupervisedOptions): JobRunner {
  return new SupervisedRunner(options);
}

class SupervisedRunner implements JobRunner {
  /** The child's pool runs this many files at once, all started on arrival. */
  readonly capacity: number;
  private readonly config: ChildConfig;
  private readonly clock: RunClock;
  private readonly cleanup = temporaryCleanup();
  private readonly stopTicking: () => void;
  private spare: WorkerProcess | undefined;
  /** The child process in use, if any. */
  private worker: WorkerProcess | undefined;
  private nextMessageId = 0;
  private readonly inFlight = new Map<number, Task>();
  /** Tasks to retry alone after a crash; while any remain, nothing else is sent. */
  private readonly suspects: Task[] = [];
  /** Tasks waiting for the retries to finish. */
  private readonly waiting: Task[] = [];
  private stopping: 'close' | 'terminate' | undefined;
  /** The job the current child is being killed for (a timeout), so its exit is not a crash. */
  private killedFor: Job | undefined;
  /** Set when a child died before it was ready: no file is to blame, and no more are started. */
  private broken: Error | undefined;
  /** Worker threads asked for by `start(threads)`; every child started afterwards gets them too. */
  private threads: number | undefined;

  constructor(private readonly options: SupervisedOptions) {
    this.capacity = options.concurrency * TASKS_PER_WORKER;
    this.config = { concurrency: options.concurrency };
    this.clock = options.clock ?? new RunClock();
    this.spare = options.spare;
    // The clock ticks while a file is watched: each tick checks every file's running time.
    this.stopTicking = this.clock.onTick(() => this.checkTimeouts());
  }

  run(job: Job): Promise<JobResult> {
    return new Promise<JobResult>((resolve, reject) => {
      if (this.stopping !== undefined || this.broken !== undefined) {
        reject(this.broken ?? new TerminatedError());
        return;
      }
      const task: Task = { job, resolve, reject, suspect: false };
      if (this.suspects.length > 0 || [...this.inFlight.values()].some((t) => t.suspect)) this.waiting.push(task);
      else this.send(task);
    });
  }

  prepare(): void {
    if (this.stopping === undefined && this.broken === undefined) this.worker ??= this.startWorker();
  }

  start(threads?: number): void {
    if (this.stopping !== undefined || this.broken !== undefined || this.threads !== undefined) return;
    this.threads = Math.max(1, Math.min(threads ?? this.options.concurrency, this.options.concurrency));
    if (this.worker === undefined) this.worker = this.startWorker();
    else this.startThreads(this.worker);
  }

  async close(): Promise<void> {
    this.stopping = 'close';
    await this.endWorker((child) => {
      const message: ToChild = { type: 'close' };
      child.send(message);
    });
  }

  async terminate(): Promise<void> {
    this.stopping = 'terminate';
    for (const task of [...this.suspects.splice(0), ...this.waiting.splice(0)]) task.reject(new TerminatedError());
    await this.endWorker((child) => child.kill('SIGKILL'));
  }

  /** Stops the clock and the spare, asks the child to end and waits for it and for every clean-up. */
  private async endWorker(end: (child: WorkerProcess['child']) => void): Promise<void> {
    this.stopTicking();
    this.takeSpare()?.child.kill('SIGKILL');
    const child = this.worker?.child;
    if (child?.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        end(child);
      });
    }
    await this.cleanup.settled();
  }

  /** The spare, if it is still alive and sized for these threads; it is killed otherwise. */
  private takeSpare(): WorkerProcess | undefined {
    const spare = this.spare;
    this.spare = undefined;
    if (spare === undefined || spare.exited) return undefined;
    // Its libuv pool was sized for this many threads; no thread of its own has started yet.
    if (spare.config.concurrency >= this.config.concurrency) return spare;
    spare.child.kill('SIGKILL');
    return undefined;
  }

  private startWorker(): WorkerProcess {
    const worker = this.takeSpare() ?? forkWorkerProcess(this.config);
    worker.child.on('message', (message: FromChild) => {
      if (message.type === 'result') this.finished(message.id, message.result);
    });
    worker.child.on('exit', (code, signal) => this.onExit(worker, code, signal));
    this.startThreads(worker);
    return worker;
  }

  private startThreads(worker: WorkerProcess): void {
    if (this.threads === undefined) return;
    const message: ToChild = { type: 'start', threads: this.threads };
    worker.child.send(message);
  }

  private send(task: Task): void {
    this.worker ??= this.startWorker();
    const id = this.nextMessageId;
    this.nextMessageId += 1;
    this.inFlight.set(id, task);
    if (this.options.hardTimeoutMs > 0) {
      this.clock.hold();
      task.watch = this.clock.start();
    }
    const message: ToChild = { type: 'run', id, job: task.job };
    this.worker.child.send(message);
  }

  private finished(id: number, result: JobResult): void {
    const task = this.inFlight.get(id);
    if (task === undefined) return;
    this.inFlight.delete(id);
    this.unwatch(task);
    task.resolve(result);
    if (task.suspect) this.nextSuspect();
  }

  private unwatch(task: Task): void {
    if (task.watch === undefined) return;
    task.watch = undefined;
    this.clock.release();
  }

  private checkTimeouts(): void {
    for (const [id, task] of this.inFlight) {
      const ranMs = task.watch?.ranMs();
      if (ranMs !== undefined && ranMs >= this.options.hardTimeoutMs) this.timedOut(id, task, ranMs);
    }
  }

  private timedOut(id: number, task: Task, ranMs: number): void {
    if (this.worker === undefined) return;
    this.inFlight.delete(id);
    this.unwatch(task);
    const limit = this.options.timeoutSeconds ?? this.options.hardTimeoutMs / 1000;
    task.resolve({
      ...failed(task.job, 'TIMEOUT', `still running past the ${limit} s limit (--timeout): its worker process was killed and replaced`),
      ms: Math.round(ranMs * 10) / 10,
    });
    this.killedFor = task.job;
    this.worker.child.kill('SIGKILL');
  }

  private nextSuspect(): void {
    const task = this.suspects.shift();
    if (task !== undefined) this.send(task);
    else for (const waiting of this.waiting.splice(0)) this.send(waiting);
  }

  /**
   * A child ended. A dead child's worker threads wrote temporaries under its pid, which this run's
   * own clean-up (for this process's pid) would not match: the temporaries of the files it had in
   * flight go now. Then its files are retried, failed, or rejected (see the class comment).
   */
  private onExit(worker: WorkerProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    const lost = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const task of lost) this.unwatch(task);
    this.cleanup.leftBy(worker, [...lost.map((t) => t.job), ...(this.killedFor === undefined ? [] : [this.killedFor])]);
    if (this.stopping !== undefined) {
      for (const task of lost) task.reject(new TerminatedError());
      return;
    }
    const cause = signal ?? `exit code ${String(code)}`;
    if (!worker.ready && this.killedFor === undefined) {
      // It never started: a broken install, not a bad file. Retrying would fork forever.
      this.broken = new Error(`the worker process ${childFile()} died before it was ready (${cause})`);
      for (const task of [...lost, ...this.suspects.splice(0), ...this.waiting.splice(0)]) task.reject(this.broken);
      return;
    }
    this.retryOrFail(lost, cause);
  }

  /** Files in flight when a child crashed: a second crash fails the file; a first queues a retry alone. */
  private retryOrFail(lost: readonly Task[], cause: string): void {
    const wasTimeout = this.killedFor !== undefined;
    this.killedFor = undefined;
    for (const task of lost) {
      if (task.suspect && !wasTimeout) {
        task.resolve(failed(task.job, 'WORKER_CRASHED', `the worker process died of ${cause} while processing this file, also when retried alone`));
      } else {
        task.suspect = true;
        this.suspects.push(task);
      }
    }
    if (this.suspects.length > 0 && this.inFlight.size === 0) this.nextSuspect();
    else if (this.suspects.length === 0) for (const waiting of this.waiting.splice(0)) this.send(waiting);
  }
}
