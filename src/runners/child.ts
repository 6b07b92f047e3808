/**
 * The child process that hosts the piscina pool. A libvips crash (SIGSEGV, SIGBUS) kills every
 * thread of a process; here it kills only this child, and the supervisor carries on.
 */
// First: signal handlers and a silent exit when orphaned, before the pool's modules load.
import { sendToParent } from './child-first';
import { createPoolRunner } from './pool';
import type { ChildConfig, FromChild, ToChild } from './protocol';

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const runner = createPoolRunner({ concurrency: config.concurrency });
const send = (message: FromChild): void => sendToParent(message);

process.on('message', (message: ToChild) => {
  if (message.type === 'run') {
    void runner.run(message.job).then((result) => send({ type: 'result', id: message.id, result }));
  } else if (message.type === 'start') {
    runner.start?.(message.threads);
  } else {
    void runner.close().then(() => {
      if (process.connected) process.disconnect();
    });
  }
});
send({ type: 'ready' });
