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

/** Bytes `pid` has written with write(2) and the like: its outputs and its messages (/proc/<pid>/io `wchar`). */
function bytesWrittenBy(pid: number): number {
  try {
    return Number(/^wchar: (\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

interface Watched {
  /** The most worker processes at once. */
  readonly most: number;
  /** What each worker process had written when last seen, by pid. */
  readonly written: ReadonlyMap<number, number>;
  readonly out: string;
  readonly code: number | null;
  readonly records: readonly Json[];
}

/** Runs imgbatch on `dir` at -j 2 and watches its worker processes until it exits. */
async function watch(dir: string, extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Watched> {
  const out = tempDir();
  const run = startBin(['thumbnail', dir, '-o', out, '-j', '2', '--json', ...extra], { env });
  // Listens for the pipes' end from the start: they close before the polling below stops.
  const collected = collect(run);
  let most = 0;
  const exited = run.exited.then(() => 'exited' as const);
  // /proc has no change events: poll every few ms until it exits.
  const written = new Map<number, number>();
  for (;;) {
    const children = childrenOf(run.child.pid ?? 0);
    most = Math.max(most, children.length);
    for (const pid of children) written.set(pid, Math.max(written.get(pid) ?? 0, bytesWrittenBy(pid)));
    const next = await Promise.race([exited, new Promise<'poll'>((resolve) => setTimeout(() => resolve('poll'), 3))]);
    if (next === 'exited') break;
  }
  const result = await collected;
  return { most, written, out, code: result.code, records: result.records };
}

test('40 small files at -j 2: two worker processes, every file ok', async () => {
  const dir = tempDir();
  for (let i = 0; i < 40; i += 1) fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, `p${i}.jpg`));
  const { most, written, out, code, records } = await watch(dir);
  expect(code).toBe(0);
  expect(most).toBe(2);
  // Both did the work: each wrote far more than its messages (a thumbnail here is ~9 KB).
  expect([...written.values()].filter((bytes) => bytes > 40_000)).toHaveLength(2);
  expect(records.at(-1)).toMatchObject({ type: 'summary', ok: 40, failed: 0 });
  expect(listFiles(out)).toHaveLength(40);
});

test('a file stalled in one of the two processes: TIMEOUT for it alone, no temporary left, the rest ok', async () => {
  const dir = tempDir();
  for (let i = 0; i < 12; i += 1) fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, `p${i}.jpg`));
  // stall: the worker writes p5.jpg's temporary, then never finishes; only the hard limit ends it.
  const { most, out, code, records } = await watch(dir, ['--timeout', '1'], { IMGBATCH_FAULT: 'stall:p5.jpg' });
  expect(code).toBe(1);
  expect(most).toBe(2);
  const files = records.filter((r) => r['type'] === 'file');
  expect(files.filter((r) => r['status'] !== 'ok')).toEqual([
    expect.objectContaining({ input: path.join(dir, 'p5.jpg'), status: 'failed', error: expect.objectContaining({ code: 'TIMEOUT' }) as unknown }),
  ]);
  expect(listFiles(out).filter((f) => f.includes('.tmp'))).toEqual([]);
  expect(listFiles(out)).toHaveLength(11);
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
  const { most, code, records } = await watch(dir);
  expect(code).toBe(0);
  expect(most).toBe(1);
  expect(records.at(-1)).toMatchObject({ type: 'summary', ok: 4, failed: 0 });
});
