import type { ResolvedOptions } from '../core/options';
import type { JobRunner } from '../core/types';
import { maxWorkerThreads } from './budget';
import { lazyRunner } from './lazy';
import type { WorkerProcess } from './worker-process';

/**
 * The runner a batch uses unless it is given one: a supervised child process hosting the pool (one
 * per worker thread when `start` says most files are small: see `createSplitRunner`), or
 * with `isolate: false` the pool in this process; both count `--timeout` on one clock that leaves
 * out time the process was stopped. Its creator owns it and closes it. `spare` is a worker process
 * started earlier (the CLI forks one before it parses its flags): the supervised runner adopts it,
 * and it is killed when the runner will not use it. The runner's modules load only here, so that a
 * run that never gets this far does not load them.
 */
export async function createDefaultRunner(options: ResolvedOptions, spare?: WorkerProcess): Promise<JobRunner> {
  const concurrency = Math.min(options.concurrency, maxWorkerThreads());
  const [{ RunClock }, { stopAwareTimeouts }] = await Promise.all([import('./run-clock'), import('./stop-aware')]);
  // --timeout counts only time this process ran: one clock for sharp's limit and the hard one.
  const clock = new RunClock();
  const timeouts = { timeoutSeconds: options.timeout, clock };
  if (!options.isolate) {
    spare?.child.kill('SIGKILL');
    const { createPoolRunner } = await import('./pool');
    return stopAwareTimeouts(createPoolRunner({ concurrency }), timeouts);
  }
  const [{ createSupervisedRunner }, { createSplitRunner }] = await Promise.all([import('./supervised'), import('./split')]);
  // One second after sharp's own timeout, a process is killed: sharp's clean stop wins when it can.
  const supervised = (threads: number, withSpare?: WorkerProcess): JobRunner =>
    createSupervisedRunner({
      concurrency: threads,
      hardTimeoutMs: options.timeout > 0 ? options.timeout * 1000 + 1000 : 0,
      timeoutSeconds: options.timeout,
      clock,
      ...(withSpare === undefined ? {} : { spare: withSpare }),
    });
  // One worker process for every thread, or for small files one per thread, up to MAX_WORKER_PROCESSES (see createSplitRunner).
  return stopAwareTimeouts(
    createSplitRunner(supervised(concurrency, spare), (threads) => supervised(threads)),
    timeouts,
  );
}

/** Releases a runner its creator is done with: at once when nothing ran on it, else after its files. */
export async function releaseRunner(runner: JobRunner, idle: boolean): Promise<void> {
  await (idle ? (runner.terminate?.() ?? runner.close()) : runner.close()).catch(() => undefined);
}

/**
 * The default runner for a run: made now (its process starting while the caller plans), or for an
 * incremental run only once something is to be built, so that a rerun with nothing to do starts none.
 */
export async function defaultRunnerFor(options: ResolvedOptions, spare?: WorkerProcess): Promise<JobRunner> {
  const make = (): Promise<JobRunner> => createDefaultRunner(options, spare);
  return options.incremental ? lazyRunner(make, options.concurrency) : make();
}
