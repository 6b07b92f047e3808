/**
 * The default runner's layout, seen from outside: a run of mostly small files at -j 2 has a worker
 * process per thread (two); a run of large files has one for both threads (createSplitRunner).
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { fixtures, listFiles, tempDir } from '../helpers/fixtures';
import type { Json } from '../helpers/run-cli';
import { collect, startBin } from '../helpers/spawn-bin';
import { SHARED_INPUT_BYTES } from '../../src/runners/budget';

/** The child pids of `pid` now (Linux: /proc/<pid>/task/<pid>/children). */
function childrenOf(pid: number): number[] {
  try {
    const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text === '' ? [] : text.split(' ').map(Number);
  } catch {
    return [];
  }
}

/** Runs imgbatch on `dir` and returns the most worker processes it had at once, with its records. */
async function mostChildren(dir: string): Promise<{ most: number; out: string; records: readonly Json[] }> {
  const out = tempDir();
  const run = startBin(['thumbnail', dir, '-o', out, '-j', '2', '--json']);
  // Listens for the pipes' end from the start: they close before the polling below stops.
  const collected = collect(run);
  let most = 0;
  const exited = run.exited.then(() => 'exited' as const);
  // /proc has no change events: poll every few ms until it exits.
  for (;;) {
    most = Math.max(most, childrenOf(run.child.pid ?? 0).length);
    const next = await Promise.race([exited, new Promise<'poll'>((resolve) => setTimeout(() => resolve('poll'), 3))]);
    if (next === 'exited') break;
  }
  const result = await collected;
  expect(result.code).toBe(0);
  return { most, out, records: result.records };
}

test('40 small files at -j 2: two worker processes, every file ok', async () => {
  const dir = tempDir();
  for (let i = 0; i < 40; i += 1) fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, `p${i}.jpg`));
  const { most, out, records } = await mostChildren(dir);
  expect(most).toBe(2);
  expect(records.at(-1)).toMatchObject({ type: 'summary', ok: 40, failed: 0 });
  expect(listFiles(out)).toHaveLength(40);
});

test('4 large files at -j 2: one worker process for both threads', async () => {
  const dir = tempDir();
  for (let i = 0; i < 4; i += 1) {
    const file = path.join(dir, `large${i}.jpg`);
    await sharp({ create: { width: 900, height: 900, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
      .jpeg({ quality: 95 })
      .toFile(file);
    expect(fs.statSync(file).size).toBeGreaterThan(SHARED_INPUT_BYTES);
  }
  const { most, records } = await mostChildren(dir);
  expect(most).toBe(1);
  expect(records.at(-1)).toMatchObject({ type: 'summary', ok: 4, failed: 0 });
});
