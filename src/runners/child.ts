/**
 * The child process that hosts the piscina pool. A libvips crash (SIGSEGV, SIGBUS) kills every
 * thread of a process; here it kills only this child, and the supervisor carries on.
 */
// First: signal handlers and a silent exit when orphaned, before the pool's modules load.
import { sendToParent } from './child-first';
import type { Job, JobResult } from '../core/types';
import type { PoolRunner } from './pool';
import { workerFailure } from './worker-failure';
import { RESULT_BATCH, RESULT_WINDOW_MS } from './budget';
import type { ChildConfig, FromChild, ToChild } from './protocol';

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;

/** The pool, made (and piscina loaded) unless the run is likely to be of one file: see `solo`. */
let pool: PoolRunner | undefined;
let making: Promise<PoolRunner> | undefined;
const poolRunner = (): Promise<PoolRunner> =>
  (making ??= import('./pool').then(({ createPoolRunner }) => (pool = createPoolRunner({ concurrency: config.concurrency }))));

/**
 * Results and starts not sent yet. Each message wakes the supervisor and costs a write on both
 * sides, so they go together: when RESULT_BATCH results wait, when the oldest has waited
 * RESULT_WINDOW_MS, or at once when the child has nothing else to do (the last file of a run is
 * never held back).
 */
const results: { id: number; result: JobResult }[] = [];
const started: number[] = [];
let timer: NodeJS.Timeout | undefined;

function flush(): void {
  clearTimeout(timer);
  timer = undefined;
  if (results.length === 0 && started.length === 0) return;
  const message: FromChild = { type: 'results', results: results.splice(0), started: started.splice(0) };
  sendToParent(message);
}

function later(): void {
  timer ??= setTimeout(flush, RESULT_WINDOW_MS);
}

function finished(id: number, result: JobResult): void {
  results.push({ id, result });
  if (((pool?.pending ?? 0) === 0 && solo !== 'busy') || results.length >= RESULT_BATCH) flush();
  else later();
}

/**
 * A run of one file runs it here, on this thread: starting a worker thread (a Node environment,
 * then libvips) would take longer than the file. The process still isolates the supervisor from a
 * crash, and the supervisor's hard limit still applies. Set by `start` with `files: 1`.
 */
let solo: 'ready' | 'busy' | undefined;
/** Files sent while the one file runs here (more than `start` said): they go to the pool after it. */
const held: [number, Job][] = [];

async function runHere(job: Job): Promise<JobResult> {
  const { default: work } = await import('./worker');
  return work(job).catch((error: unknown) => workerFailure(job, error));
}

function run(id: number, job: Job): void {
  const onStart = (): void => {
    started.push(id);
    later();
  };
  if (solo === 'ready') {
    // Said at once: a file that kills this process must be known to have started (see fatesOf).
    solo = 'busy';
    started.push(id);
    flush();
    void runHere(job).then((result) => {
      solo = held.length > 0 ? undefined : 'ready';
      finished(id, result);
      for (const [i, j] of held.splice(0)) run(i, j);
    });
  } else if (solo === 'busy') {
    held.push([id, job]);
  } else {
    void poolRunner()
      .then((runner) => runner.run(job, onStart))
      .then((result) => finished(id, result));
  }
}

process.on('message', (message: ToChild) => {
  if (message.type === 'run') {
    for (const { id, job } of message.jobs) run(id, job);
  } else if (message.type === 'start') {
    if (message.files === 1) solo = 'ready';
    else void poolRunner().then((runner) => runner.start(message.threads));
  } else if (message.type === 'drain') {
    void making?.then((runner) => runner.drain());
  } else {
    void Promise.resolve(making)
      .then((runner) => runner?.close())
      .then(() => {
        if (process.connected) process.disconnect();
      });
  }
});
const ready: FromChild = { type: 'ready' };
sendToParent(ready);
// What the run will need, loaded while the supervisor plans: libvips for a likely one-file run,
// else piscina (the pool object only: its threads start with 'start'). After 'ready' is out, and
// after any message already waiting.
setImmediate(() => void (config.preload === true ? import('./worker') : poolRunner()));
