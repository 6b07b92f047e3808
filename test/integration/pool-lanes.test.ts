/**
 * The pool runner's lanes: small inputs share a worker thread, larger ones have one to themselves;
 * files beyond that wait in its queue (not started: `drain` skips them). A thread that dies with two
 * files on it: isolation.test.ts (the fault injection needs the bin's environment).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createPoolRunner, type JobResult } from '../../src';
import { SHARED_INPUT_BYTES } from '../../src/runners/budget';
import { fixtures, tempDir } from '../helpers/fixtures';
import { ioJob } from '../helpers/io';

const SMALL = 1000;
const LARGE = SHARED_INPUT_BYTES + 1;

/** On a one-thread pool, runs one job per size given; `started` lists the jobs started at once. */
async function enqueue(sizes: readonly (number | undefined)[], names: readonly string[] = []) {
  const pool = createPoolRunner({ concurrency: 1 });
  const dir = tempDir();
  const out = tempDir();
  const started: number[] = [];
  const results = sizes.map((bytes, i) => {
    const input = path.join(dir, names[i] ?? `${i}.jpg`);
    fs.copyFileSync(fixtures.landscapeJpg, input);
    const job = ioJob(input, path.join(out, `${i}.jpg`), bytes === undefined ? {} : { bytes });
    return pool.run(job, () => started.push(i));
  });
  return { pool, startedAtOnce: [...started], results, started };
}

async function settle(pool: ReturnType<typeof createPoolRunner>, results: Promise<JobResult>[]): Promise<JobResult[]> {
  try {
    return await Promise.all(results);
  } finally {
    await pool.close();
  }
}

describe.each<[string, (number | undefined)[], number[]]>([
  ['two small inputs share the thread', [SMALL, SMALL], [0, 1]],
  ['a third small input waits', [SMALL, SMALL, SMALL], [0, 1]],
  ['a large input has the thread to itself', [LARGE, SMALL], [0]],
  ['a small input, then a large one, which waits for a whole thread', [SMALL, LARGE], [0]],
  ['an input of unknown size counts as large', [undefined, undefined], [0]],
])('%s', (_name, sizes, atOnce) => {
  test(`started at once: ${atOnce.join(', ')}; every file ends ok and starts once`, async () => {
    const { pool, startedAtOnce, results, started } = await enqueue(sizes);
    expect(startedAtOnce).toEqual(atOnce);
    const done = await settle(pool, results);
    expect(done.map((r) => r.status)).toEqual(sizes.map(() => 'ok'));
    expect([...started].sort()).toEqual(sizes.map((_s, i) => i));
  });
});

test('drain: files queued and not started are skipped as interrupted; the running file ends ok', async () => {
  const { pool, startedAtOnce, results } = await enqueue([LARGE, LARGE, SMALL]);
  expect(startedAtOnce).toEqual([0]);
  pool.drain();
  const done = await settle(pool, results);
  expect(done.map((r) => (r.status === 'skipped' ? `skipped:${r.reason}` : r.status))).toEqual(['ok', 'skipped:interrupted', 'skipped:interrupted']);
});
