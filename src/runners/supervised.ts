import type { Job, JobResult, JobRunner } from '../core/types';
import { poolCapacity } from './budget';
import { RunClock } from './run-clock';
import { temporaryCleanup } from './cleanup';
import type { ChildConfig, FromChild, ToChild } from './protocol';
import type { SupervisedOptions } from './supervised-options';
import { hardLimit, type HardLimit } from './hard-limit';
import { failed, fatesOf, interrupted, newTask, TerminatedError, type Task } from './supervised-task';
import { adoptSpare, childFile, forkWorkerProcess, type WorkerProcess } from './worker-process';

export type { SupervisedOptions };
export { TerminatedError };

const DRAIN: ToChild = { type: 'drain' };
const CLOSE: ToChild = { type: 'close' };

/**
 * A `JobRunner` that hosts the piscina pool in a supervised child process. When the child dies,
 * results already reported stand; the files that were running are retried once each, one at a
 * time, on a fresh child; a file that kills its process again fails with `WORKER_CRASHED`, and the
 * batch carries on. Files sent but still queued in the child are sent again (see `fatesOf`). A
 * file past the hard timeout has its process killed and fails with `TIMEOUT`.
 */
export function createSupervisedRunner(options: SupervisedOptions): JobRunner {
  return new SupervisedRunner(options);
}

class SupervisedRunner implements JobRunner {
  /** Files sent to the child at once: those its threads run and `QUEUED_PER_WORKER` per thread. */
  readonly capacity: number;
  private readonly config: ChildConfig;
  private readonly limit: HardLimit;
  private readonly cleanup = temporaryCleanup();
  private readonly stopTicking: () => void;
  private spare: WorkerProcess | undefined;
  /** The child process in use, if any. */
  private worker: WorkerProcess | undefined;
  private nextMessageId = 0;
  private readonly inFlight = new Map<number, Task>();
  /** Files to send to the child at the end of this turn of the event loop (see `send`). */
  private readonly outbox: { id: number; job: Job }[] = [];
  /** Tasks to retry alone after a crash; while any remain, nothing else is sent. */
  private readonly suspects: Task[] = [];
  /** Tasks waiting for the retries to finish. */
  private readonly waiting: Task[] = [];
  private stopping: 'close' | 'terminate' | undefined;
  /** The job the current child is being killed for (a timeout), so its exit is not a crash. */
  private killedFor: Job | undefined;
  /** The child is being killed because a file that may have shared its thread ran past the limit. */
  private killedOnSuspicion = false;
  /** Set when a child died before it was ready: no file is to blame, and no more are started. */
  private broken: Error | undefined;
  /** Worker threads and files asked for by `start`; every child started afterwards is told too. */
  private threads: number | undefined;
  private files: number | undefined;

  constructor(private readonly options: SupervisedOptions) {
    this.capacity = poolCapacity(options.concurrency);
    this.config = { concurrency: options.concurrency };
    const clock = options.clock ?? new RunClock();
    this.limit = hardLimit(options.hardTimeoutMs, options.timeoutSeconds, clock);
    this.spare = options.spare;
    // The clock ticks while a file is watched: each tick checks every file's running time.
    this.stopTicking = clock.onTick(() => this.checkTimeouts());
  }

  run(job: Job): Promise<JobResult> {
    return new Promise<JobResult>((resolve, reject) => {
      const task = newTask(job, resolve, reject);
      if (this.stopping !== undefined || this.broken !== undefined) reject(this.broken ?? new TerminatedError());
      else if (this.suspects.length > 0 || [...this.inFlight.values()].some((t) => t.suspect)) this.waiting.push(task);
      else this.send(task);
    });
  }

  /** An interrupt: files queued (here or in the child) are skipped as interrupted; running ones go on. */
  drain(): void {
    for (const task of [...this.suspects.splice(0), ...this.waiting.splice(0)]) interrupted(task);
    if (this.worker?.exited === false) this.worker.child.send(DRAIN);
  }

  prepare(): void {
    if (this.stopping === undefined && this.broken === undefined) this.worker ??= this.startWorker();
  }

  start(threads?: number, files?: number): void {
    if (this.stopping !== undefined || this.broken !== undefined || this.threads !== undefined) return;
    this.threads = Math.max(1, Math.min(threads ?? this.options.concurrency, this.options.concurrency));
    this.files = files;
    if (this.worker === undefined) this.worker = this.startWorker();
    else this.startThreads(this.worker);
  }

  /** The child finishes its files and leaves; with none left (every result in) it has nothing to lose and is killed at once. */
  async close(): Promise<void> {
    this.stopping = 'close';
    const idle = this.inFlight.size === 0 && this.suspects.length === 0 && this.waiting.length === 0;
    await this.endWorker((child) => (idle ? child.kill('SIGKILL') : child.send(CLOSE)));
  }

  async terminate(): Promise<void> {
    this.stopping = 'terminate';
    for (const task of [...this.suspects.splice(0), ...this.waiting.splice(0)]) task.reject(new TerminatedError());
    await this.endWorker((child) => child.kill('SIGKILL'));
  }

  /** Stops the clock and the spare, ends the child and waits for it and for every clean-up. */
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

  /** The spare, if it is alive and sized for these threads (see `adoptSpare`); used once. */
  private takeSpare(): WorkerProcess | undefined {
    const spare = this.spare;
    this.spare = undefined;
    return adoptSpare(spare, this.config);
  }

  private startWorker(): WorkerProcess {
    const worker = this.takeSpare() ?? forkWorkerProcess(this.config);
    worker.child.on('message', (message: FromChild) => {
      if (message.type === 'ready') return;
      this.markStarted(message.started);
      for (const { id, result } of message.results) this.finished(id, result);
    });
    worker.child.on('exit', (code, signal) => this.onExit(worker, code, signal));
    this.startThreads(worker);
    return worker;
  }

  private startThreads(worker: WorkerProcess): void {
    if (this.threads === undefined) return;
    const message: ToChild = { type: 'start', threads: this.threads, ...(this.files === undefined ? {} : { files: this.files }) };
    worker.child.send(message);
  }

  /** Sends a file to the child with the others sent in the same turn of the event loop: one message. */
  private send(task: Task): void {
    this.worker ??= this.startWorker();
    const id = this.nextMessageId;
    this.nextMessageId += 1;
    this.inFlight.set(id, task);
    if (this.outbox.length === 0) setImmediate(() => this.flush());
    this.outbox.push({ id, job: task.job });
  }

  /** Sends the outbox to the child in use; files sent to a child that died since were dealt with by `onExit`. */
  private flush(): void {
    const jobs = this.outbox.splice(0).filter(({ id }) => this.inFlight.has(id));
    const message: ToChild = { type: 'run', jobs };
    if (jobs.length > 0 && this.worker?.exited === false) this.worker.child.send(message);
  }

  /** The child handed these files to worker threads: they run from now on, for the hard limit too. */
  private markStarted(ids: readonly number[]): void {
    for (const id of ids) {
      const task = this.inFlight.get(id);
      if (task === undefined || task.started) continue;
      task.started = true;
      this.limit.watch(task);
    }
  }

  private finished(id: number, result: JobResult): void {
    const task = this.inFlight.get(id);
    if (task === undefined) return;
    this.inFlight.delete(id);
    this.limit.unwatch(task);
    task.resolve(result);
    if (task.suspect) this.nextSuspect();
  }

  /**
   * A file past the hard limit. When no other file is running (whatever hung its thread is still
   * running), it fails with TIMEOUT. Otherwise another small file sharing its thread may have hung it
   * (see TASKS_PER_WORKER): the child is killed, every file running is retried alone, and one past
   * the limit alone fails then.
   */
  private checkTimeouts(): void {
    const over = this.limit.over(this.inFlight);
    if (over === undefined || this.worker === undefined || this.killedFor !== undefined || this.killedOnSuspicion) return;
    const { id, task, ranMs } = over;
    if (task.suspect || ![...this.inFlight.values()].some((t) => t !== task && t.started)) {
      this.inFlight.delete(id);
      this.limit.unwatch(task);
      task.resolve(this.limit.timedOut(task, ranMs));
      this.killedFor = task.job;
    } else {
      this.killedOnSuspicion = true;
    }
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
    for (const task of lost) this.limit.unwatch(task);
    this.cleanup.leftBy(worker, [...lost.map((t) => t.job), ...(this.killedFor === undefined ? [] : [this.killedFor])]);
    if (this.stopping !== undefined) {
      for (const task of lost) task.reject(new TerminatedError());
      return;
    }
    const cause = signal ?? `exit code ${String(code)}`;
    if (!worker.ready && this.killedFor === undefined && !this.killedOnSuspicion) {
      // It never started: a broken install, not a bad file. Retrying would fork forever.
      this.broken = new Error(`the worker process ${childFile()} died before it was ready (${cause})`);
      for (const task of [...lost, ...this.suspects.splice(0), ...this.waiting.splice(0)]) task.reject(this.broken);
      return;
    }
    this.retryOrFail(lost, cause);
  }

  /** Files in flight when a child died: see `fatesOf`. Retries go first, one at a time. */
  private retryOrFail(lost: readonly Task[], cause: string): void {
    const wasTimeout = this.killedFor !== undefined || this.killedOnSuspicion;
    this.killedFor = undefined;
    this.killedOnSuspicion = false;
    const { crashed, suspects, again } = fatesOf(lost, wasTimeout);
    for (const task of crashed) {
      task.resolve(failed(task.job, 'WORKER_CRASHED', `the worker process died of ${cause} while processing this file, also when retried alone`));
    }
    this.suspects.push(...suspects);
    this.waiting.unshift(...again);
    if (this.suspects.length > 0) this.nextSuspect();
    else for (const waiting of this.waiting.splice(0)) this.send(waiting);
  }
}
