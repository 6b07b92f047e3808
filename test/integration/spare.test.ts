import path from 'node:path';
import { createSupervisedRunner, type Job } from '../../src';
import { forkWorkerProcess } from '../../src/runners/worker-process';
import { fixtures, tempDir } from '../helpers/fixtures';
import { ioJob } from '../helpers/io';

const job = (out: string): Job => ioJob(fixtures.landscapeJpg, out, { op: { op: 'thumbnail', size: 32 } });

const exited = (p: ReturnType<typeof forkWorkerProcess>): Promise<void> =>
  p.exited ? Promise.resolve() : new Promise((resolve) => p.child.once('exit', () => resolve()));

describe('a spare worker process (started before the flags were parsed)', () => {
  test('with the same config it runs the files, and closing the runner ends it', async () => {
    const spare = forkWorkerProcess({ concurrency: 1 });
    const runner = createSupervisedRunner({ concurrency: 1, hardTimeoutMs: 0, spare });
    const result = await runner.run(job(path.join(tempDir(), 'a.jpg')));
    expect(result).toMatchObject({ status: 'ok', outputs: [{ width: 32 }] });
    expect(spare.exited).toBe(false);
    await runner.close();
    await exited(spare);
    expect(spare.exited).toBe(true);
  });

  test('one sized for fewer threads than the runner needs is killed, and a fresh process does the work', async () => {
    const spare = forkWorkerProcess({ concurrency: 1 });
    const runner = createSupervisedRunner({ concurrency: 2, hardTimeoutMs: 0, spare });
    const result = await runner.run(job(path.join(tempDir(), 'b.jpg')));
    expect(result).toMatchObject({ status: 'ok' });
    await exited(spare);
    expect(spare.child.signalCode).toBe('SIGKILL');
    await runner.close();
  });

  test('one sized for more threads is adopted: no thread of its own has started', async () => {
    const spare = forkWorkerProcess({ concurrency: 2 });
    const runner = createSupervisedRunner({ concurrency: 1, hardTimeoutMs: 0, spare });
    expect(await runner.run(job(path.join(tempDir(), 'd.jpg')))).toMatchObject({ status: 'ok' });
    expect(spare.exited).toBe(false);
    await runner.close();
    await exited(spare);
    expect(spare.exited).toBe(true);
  });

  test('one that died before it was adopted is replaced, not blamed on a file', async () => {
    const spare = forkWorkerProcess({ concurrency: 1 });
    spare.child.kill('SIGKILL');
    await exited(spare);
    const runner = createSupervisedRunner({ concurrency: 1, hardTimeoutMs: 0, spare });
    expect(await runner.run(job(path.join(tempDir(), 'c.jpg')))).toMatchObject({ status: 'ok' });
    await runner.close();
  });

  test('a runner closed without running anything kills it', async () => {
    const spare = forkWorkerProcess({ concurrency: 1 });
    const runner = createSupervisedRunner({ concurrency: 1, hardTimeoutMs: 0, spare });
    await runner.close();
    await exited(spare);
    expect(spare.child.signalCode).toBe('SIGKILL');
  });
});
