import type { Job, JobResult, JobRunner } from '../core/types';
import { TASKS_PER_WORKER } from './budget';
import { RunClock, type Stopwatch } from './run-clock';
import { temporaryCleanup } from './cleanup';
import type { ChildConfig, FromChild, ToChild } from './protocol';
import { childFile, forkWorkerProcess, type WorkerProcess } from './worker-process';

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

interface Pending {
  readonly job: Job;
  readonly resolve: (result: JobResult) => void;
  readonly reject: (error: unknown) => void;
  /** It was in flight when a child died once already, and is being retried alone. */
  suspect: boolean;
  /** Time it has run since it was sent, while the hard limit applies (the clock is held meanwhile). */
  watch?: Stopwatch;
}

/** Raised for jobs still pending when the runner is terminated. */
export class TerminatedError extends Error {
  constructor() {
    super('the runner was terminated');
  }
}

const failed = (job: Job, code: string, message: string): JobResult => ({ status: 'failed', input: job.input, output: null, bytesIn: 0, ms: 0, error: { code, message } });

/**
 * A `JobRunner` that hosts the piscina pool in a supervised child process. When the child dies,
 * results already reported stand; the files that were in flight are retried once each, one at a
 * time, on a fresh child; a file that kills its process again fails with `WORKER_CRASHED`, and the
 * batch carries on. A file past the hard timeout has its process killed and fails with `TIMEOUT`.
 */
export function createSupervisedRunner(options: SupervisedOptions): JobRunner {
  const config: ChildConfig = { concurrency: options.concurrency };
  const clock = options.clock ?? new RunClock();
  let spare = options.spare;
  /** The child process in use, if any. */
  let current: WorkerProcess | undefined;
  let nextId = 0;
  const inFlight = new Map<number, Pending>();
  /** Files to retry alone after a crash; while any remain, nothing else is sent. */
  const suspects: Pending[] = [];
  /** Jobs waiting for the retries to finish. */
  const waiting: Pending[] = [];
  let stopping: 'close' | 'terminate' | undefined;
  /** The file the current child is being killed for (a timeout), so its exit is not a crash. */
  let killedFor: Job | undefined;
  /** Removals of temporaries that dead children left; close and terminate wait for them. */
  const cleanup = temporaryCleanup();
  /** Set when a child died before it was ready: no file is to blame, and no more are started. */
  let broken: Error | undefined;
  /** Worker threads asked for by `start(threads)`; every child started afterwards gets them too. */
  let threads: number | undefined;
  const startThreads = (wp: WorkerProcess): void => {
    if (threads === undefined) return;
    const message: ToChild = { type: 'start', threads };
    wp.child.send(message);
  };

  /** The spare, if it is still alive and was started for this config; it is killed otherwise. */
  const takeSpare = (): WorkerProcess | undefined => {
    const s = spare;
    spare = undefined;
    if (s === undefined || s.exited) return undefined;
    // Its libuv pool was sized for this many threads; no thread of its own has started yet.
    if (s.config.concurrency >= config.concurrency) return s;
    s.child.kill('SIGKILL');
    return undefined;
  };

  const start = (): WorkerProcess => {
    const wp = takeSpare() ?? forkWorkerProcess(config);
    const c = wp.child;
    c.on('message', (message: FromChild) => {
      if (message.type !== 'result') return;
      const p = inFlight.get(message.id);
      if (p === undefined) return;
      inFlight.delete(message.id);
      unwatch(p);
      p.resolve(message.result);
      if (p.suspect) nextSuspect();
    });
    c.on('exit', (code, signal) => onExit(wp, code, signal));
    startThreads(wp);
    return wp;
  };

  const send = (p: Pending): void => {
    current ??= start();
    const id = nextId;
    nextId += 1;
    inFlight.set(id, p);
    if (options.hardTimeoutMs > 0) {
      clock.hold();
      p.watch = clock.start();
    }
    const message: ToChild = { type: 'run', id, job: p.job };
    current.child.send(message);
  };

  const unwatch = (p: Pending): void => {
    if (p.watch === undefined) return;
    p.watch = undefined;
    clock.release();
  };

  const timedOut = (id: number, ranMs: number): void => {
    const p = inFlight.get(id);
    if (p === undefined || current === undefined) return;
    inFlight.delete(id);
    unwatch(p);
    const limit = options.timeoutSeconds ?? options.hardTimeoutMs / 1000;
    p.resolve({
      ...failed(p.job, 'TIMEOUT', `still running past the ${limit} s limit (--timeout): its worker process was killed and replaced`),
      ms: Math.round(ranMs * 10) / 10,
    });
    killedFor = p.job;
    current.child.kill('SIGKILL');
  };

  // The clock ticks while a file is watched: each tick checks every file's running time.
  const stopTicking = clock.onTick(() => {
    for (const [id, p] of inFlight) {
      const ranMs = p.watch?.ranMs();
      if (ranMs !== undefined && ranMs >= options.hardTimeoutMs) timedOut(id, ranMs);
    }
  });

  const nextSuspect = (): void => {
    const p = suspects.shift();
    if (p !== undefined) {
      send(p);
      return;
    }
    for (const w of waiting.splice(0)) send(w);
  };

  /**
   * A dead child's worker threads wrote temporaries under its pid, which this run's own clean-up
   * (for this process's pid) would not match: the temporaries of the files it had in flight go now.
   */
  const onExit = (wp: WorkerProcess, code: number | null, signal: NodeJS.Signals | null): void => {
    if (wp !== current) return;
    current = undefined;
    const lost = [...inFlight.values()];
    inFlight.clear();
    for (const p of lost) unwatch(p);
    cleanup.leftBy(wp, [...lost.map((p) => p.job), ...(killedFor === undefined ? [] : [killedFor])]);
    if (stopping !== undefined) {
      for (const p of lost) p.reject(new TerminatedError());
      return;
    }
    const cause = signal ?? `exit code ${String(code)}`;
    if (!wp.ready && killedFor === undefined) {
      // It never started: a broken install, not a bad file. Retrying would fork forever.
      broken = new Error(`the worker process ${childFile()} died before it was ready (${cause})`);
      for (const p of [...lost, ...suspects.splice(0), ...waiting.splice(0)]) p.reject(broken);
      return;
    }
    const wasTimeout = killedFor !== undefined;
    killedFor = undefined;
    for (const p of lost) {
      if (p.suspect && !wasTimeout) {
        p.resolve(failed(p.job, 'WORKER_CRASHED', `the worker process died of ${cause} while processing this file, also when retried alone`));
      } else {
        p.suspect = true;
        suspects.push(p);
      }
    }
    if (suspects.length > 0 && inFlight.size === 0) nextSuspect();
    else if (suspects.length === 0) for (const w of waiting.splice(0)) send(w);
  };

  return {
    // The child's pool runs this many files at once, all started on arrival: the hard timeout's
    // clock, which starts when a file is sent, is the file's own.
    capacity: options.concurrency * TASKS_PER_WORKER,
    run: (job) =>
      new Promise<JobResult>((resolve, reject) => {
        if (stopping !== undefined || broken !== undefined) {
          reject(broken ?? new TerminatedError());
          return;
        }
        const p: Pending = { job, resolve, reject, suspect: false };
        if (suspects.length > 0 || [...inFlight.values()].some((x) => x.suspect)) waiting.push(p);
        else send(p);
      }),
    prepare: () => {
      if (stopping === undefined && broken === undefined) current ??= start();
    },
    start: (n) => {
      if (stopping !== undefined || broken !== undefined || threads !== undefined) return;
      threads = Math.max(1, Math.min(n ?? options.concurrency, options.concurrency));
      if (current === undefined) current = start();
      else startThreads(current);
    },
    close: async () => {
      stopping = 'close';
      stopTicking();
      takeSpare()?.child.kill('SIGKILL');
      const c = current?.child;
      if (c !== undefined && c.exitCode === null && c.signalCode === null) {
        await new Promise<void>((resolve) => {
          c.once('exit', () => resolve());
          const message: ToChild = { type: 'close' };
          c.send(message);
        });
      }
      await cleanup.settled();
    },
    terminate: async () => {
      stopping = 'terminate';
      stopTicking();
      takeSpare()?.child.kill('SIGKILL');
      for (const p of [...suspects.splice(0), ...waiting.splice(0)]) p.reject(new TerminatedError());
      const c = current?.child;
      if (c !== undefined && c.exitCode === null && c.signalCode === null) {
        await new Promise<void>((resolve) => {
          c.once('exit', () => resolve());
          c.kill('SIGKILL');
        });
      }
      await cleanup.settled();
    },
  };
}
