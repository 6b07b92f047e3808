/**
 * The supervised runner and its worker process: a run of one file runs it on the process's main
 * thread; files beyond what `start` announced wait for it and then go to the pool; many files go
 * through the child's queue in batches and each comes back once, ok; an interrupt skips the files
 * still queued in the child.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createSupervisedRunner, type JobResult } from '../../src';
import { SHARED_INPUT_BYTES } from '../../src/runners/budget';
import { fixtures, tempDir } from '../helpers/fixtures';
import { ioJob } from '../helpers/io';
import { until } from '../helpers/spawn-bin';

/** `count` copies of a small photo and their jobs, each to its own output. */
function jobs(count: number) {
  const dir = tempDir();
  const out = tempDir();
  return Array.from({ length: count }, (_v, i) => {
    const input = path.join(dir, `p${i}.jpg`);
    fs.copyFileSync(fixtures.landscapeJpg, input);
    return ioJob(input, path.join(out, `p${i}.jpg`), { id: i, bytes: fs.statSync(input).size, outputRoot: out });
  });
}

async function runAll(start: [number, number] | undefined, count: number): Promise<JobResult[]> {
  const runner = createSupervisedRunner({ concurrency: 2, hardTimeoutMs: 0 });
  try {
    if (start !== undefined) runner.start?.(...start);
    return await Promise.all(jobs(count).map((job) => runner.run(job)));
  } finally {
    await runner.close();
  }
}

test.each<[string, [number, number] | undefined, number]>([
  ['one file announced, one sent (it runs on the main thread)', [1, 1], 1],
  ['one file announced, three sent at once (the others wait for it, then the pool)', [1, 1], 3],
  ['forty files through the queue, results in batches', [2, 40], 40],
  ['no start at all: the first job starts the pool', undefined, 5],
])(
  '%s: every file ok, once',
  async (_name, start, count) => {
    const results = await runAll(start, count);
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: count }, () => 'ok'));
    expect(new Set(results.map((r) => r.input)).size).toBe(count);
    for (const r of results) expect(fs.existsSync(r.outputs[0]?.path ?? '')).toBe(true);
  },
  30_000,
);

describe('an interrupt (drain) with files queued in the worker process', () => {
  const saved = process.env['IMGBATCH_FAULT'];
  beforeAll(() => {
    // The worker process is forked with this environment: p0 and p1 write their temporaries and never end.
    process.env['IMGBATCH_FAULT'] = 'stall:p0.jpg,stall:p1.jpg';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env['IMGBATCH_FAULT'];
    else process.env['IMGBATCH_FAULT'] = saved;
  });

  test.each([1, 2])(
    '-j %i, large files: the queued ones are skipped as interrupted and never written',
    async (threads) => {
      const runner = createSupervisedRunner({ concurrency: threads, hardTimeoutMs: 0 });
      const all = jobs(6).map((job) => ({ ...job, bytes: SHARED_INPUT_BYTES + 1 }));
      const out = all[0]?.outputRoot ?? '';
      runner.start?.(threads, all.length);
      const results = all.map((job) => runner.run(job).catch(() => undefined));
      // p0 (and with 2 threads p1) is running once its temporary exists, and never ends: every thread
      // is held, so the files from there on are still queued when the drain comes.
      const queuedFrom = threads;
      const temporaries = (): number => fs.readdirSync(out).filter((f) => f.endsWith('.tmp')).length;
      await until(() => (temporaries() >= threads ? true : undefined), new Promise(() => {}));
      runner.drain?.();
      const queued = await Promise.all(results.slice(queuedFrom));
      expect(queued.map((r) => (r?.status === 'skipped' ? r.reason : r?.status))).toEqual(all.slice(queuedFrom).map(() => 'interrupted'));
      await runner.terminate?.();
      for (const job of all.slice(queuedFrom)) expect(fs.existsSync(job.outputs[0]?.path ?? '')).toBe(false);
    },
    30_000,
  );
});
