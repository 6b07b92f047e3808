/**
 * The child process that hosts the piscina pool. A libvips crash (SIGSEGV, SIGBUS) kills every
 * thread of a process; here it kills only this child, and the supervisor carries on.
 */
import { createPoolRunner } from '../pool/pool';
import type { ChildConfig, FromChild, ToChild } from './protocol';

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const runner = createPoolRunner({ concurrency: config.concurrency });
const send = (message: FromChild): void => {
  process.send?.(message);
};

// The terminal sends Ctrl-C to the whole process group: interrupts are the supervisor's to handle.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
// Orphaned (the supervisor died): leave at once; exit() would wait for libvips work in progress.
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));

process.on('message', (message: ToChild) => {
  if (message.type === 'run') {
    void runner.run(message.job).then((result) => send({ type: 'result', id: message.id, result }));
  } else if (message.type === 'start') {
    runner.start?.(message.threads);
  } else {
    void runner.close().then(() => process.disconnect());
  }
});
send({ type: 'ready' });
