/**
 * The supervised runner and its worker process: a run of one file runs it on the process's main
 * thread; files beyond what `start` announced wait for it and then go to the pool; many files go
 * through the child's queue in batches and each comes back once, ok.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createSupervisedRunner, type JobResult } from '../../src';
import { fixtures, tempDir } from '../helpers/fixtures';
import { ioJob } from '../helpers/io';

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
