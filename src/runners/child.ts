/**
 * The child process that hosts the piscina pool. A libvips crash (SIGSEGV, SIGBUS) kills every
 * thread of a process; here it kills only this child, and the supervisor carries on.
 */
// First: signal handlers and a silent exit when orphaned, before the pool's modules load.
import { sendToParent } from './child-first';
import type { JobResult } from '../core/types';
import { createPoolRunner } from './pool';
import { RESULT_BATCH, RESULT_WINDOW_MS } from './budget';
import type { ChildConfig, FromChild, ToChild } from './protocol';

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const runner = createPoolRunner({ concurrency: config.concurrency });

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
  if (runner.pending === 0 || results.length >= RESULT_BATCH) flush();
  else later();
}

process.on('message', (message: ToChild) => {
  if (message.type === 'run') {
    for (const { id, job } of message.jobs) {
      void runner
        .run(job, () => {
          started.push(id);
          later();
        })
        .then((result) => finished(id, result));
    }
  } else if (message.type === 'start') {
    runner.start(message.threads);
  } else if (message.type === 'drain') {
    runner.drain();
  } else {
    void runner.close().then(() => {
      if (process.connected) process.disconnect();
    });
  }
});
const ready: FromChild = { type: 'ready' };
sendToParent(ready);
