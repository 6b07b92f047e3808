/**
 * Ctrl-Z / fg: the whole process group is stopped (SIGSTOP) with files in flight, for longer than
 * --timeout, then continued. Time spent stopped is not the files' time: a file that needs less than
 * the limit still succeeds, and a stuck file times out only after it has itself run for the limit.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { fixtures, tempDir } from '../helpers/fixtures';
import type { Json } from '../helpers/run-cli';
import { startBin } from '../helpers/spawn-bin';
import { SHARED_INPUT_BYTES } from '../../src/runners/budget';

/** The CLI in its own process group (as a shell job is), with its NDJSON records as they come. */
class Job {
  readonly child: ChildProcess;
  readonly records: { record: Json; at: number }[] = [];
  readonly exited: Promise<number | null>;
  readonly stderr: () => string;
  #waiters: (() => void)[] = [];

  constructor(args: readonly string[], fault?: string) {
    const run = startBin([...args, '--json'], { env: { IMGBATCH_FAULT: fault }, detached: true });
    this.child = run.child;
    this.exited = run.exited;
    let pending = '';
    run.child.stdout.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter((l) => l !== '')) this.records.push({ record: JSON.parse(line) as Json, at: Date.now() });
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.stderr = run.stderr;
  }

  /** Resolves with the first record of a file whose name is `name`. */
  async record(name: string): Promise<{ record: Json; at: number }> {
    for (;;) {
      const found = this.records.find((r) => path.basename(String(r.record['input'])) === name);
      if (found !== undefined) return found;
      await new Promise<void>((wake) => this.#waiters.push(wake));
    }
  }

  /** Stops the whole process group for `ms` (a timed wait is the point here), then continues it. */
  async suspend(ms: number): Promise<{ stoppedAt: number; continuedAt: number }> {
    const group = -(this.child.pid ?? 0);
    const stoppedAt = Date.now();
    process.kill(group, 'SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, ms));
    process.kill(group, 'SIGCONT');
    return { stoppedAt, continuedAt: Date.now() };
  }

  /** Never leaves a stopped process group behind a failed test. */
  kill(): void {
    try {
      process.kill(-(this.child.pid ?? 0), 'SIGCONT');
      process.kill(-(this.child.pid ?? 0), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

let job: Job | undefined;
afterEach(() => job?.kill());

describe.each([
  { mode: 'isolated', extra: [] },
  { mode: '--no-isolate', extra: ['--no-isolate'] },
])('stopped longer than --timeout ($mode)', ({ extra }) => {
  test('a file that needs less than the limit finishes ok', async () => {
    // 16 MP sepia with optimised Huffman tables: 0.2-0.5 s here alone, 0.8 s beside the rest of
    // the suite; the 3 s limit leaves room for a slower machine.
    const dir = tempDir();
    await sharp({ create: { width: 4000, height: 4000, channels: 3, background: '#775533' } })
      .jpeg({ quality: 40 })
      .toFile(path.join(dir, 'big.jpg'));
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'a.jpg'));
    // -j 1: a.jpg, then big.jpg as soon as a.jpg is done; a.jpg's record means big.jpg is in flight.
    job = new Job(['filter', 'sepia', dir, '-o', tempDir(), '-j', '1', '--timeout', '3', '--optimize-coding', 'on', ...extra]);
    await job.record('a.jpg');
    await job.suspend(4500); // past both the 3 s limit and the 4 s hard limit
    const big = (await job.record('big.jpg')).record;
    expect(await job.exited).toBe(0);
    expect(big).toMatchObject({ status: 'ok' });
    // Its time is the time it ran, not the 4.5 s it was stopped: counting the stop would give more.
    expect(Number(big['ms'])).toBeLessThan(3000);
    expect(Number(big['ms'])).toBeGreaterThan(0);
  }, 30_000);
});

/** A JPEG of noise larger than SHARED_INPUT_BYTES: it has a worker thread to itself. */
async function largeJpeg(file: string): Promise<void> {
  await sharp({ create: { width: 900, height: 900, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .jpeg({ quality: 95 })
    .toFile(file);
  expect(fs.statSync(file).size).toBeGreaterThan(SHARED_INPUT_BYTES);
}

test('a stuck file times out after running for the limit, not at once after a stop (hang injection)', async () => {
  const dir = tempDir();
  for (const name of ['a.jpg', 'stuck.jpg']) await largeJpeg(path.join(dir, name));
  const started = Date.now();
  // -j 1 and large files, one at a time: stuck.jpg starts when a.jpg has ended.
  job = new Job(['thumbnail', dir, '-o', tempDir(), '-j', '1', '--timeout', '1'], 'hang:stuck.jpg');
  await job.record('a.jpg');
  const { stoppedAt, continuedAt } = await job.suspend(5000);
  const stuck = await job.record('stuck.jpg');
  expect(await job.exited).toBe(1);
  expect(stuck.record).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
  // The hard limit is 2 s of running (1 s past --timeout 1), checked every 250 ms: 2.2 s here, 2.9 s
  // on a loaded CI machine. Counting the 5 s stop as running would give at least 5000.
  const ms = Number(stuck.record['ms']);
  expect(ms).toBeGreaterThanOrEqual(2000);
  expect(ms).toBeLessThan(4500);
  // It had run at most (stoppedAt - started) before the stop: the rest of its 2 s came after.
  expect(stuck.at - continuedAt).toBeGreaterThanOrEqual(2000 - (stoppedAt - started) - 300);
  expect(job.records.at(-1)?.record).toMatchObject({ type: 'summary', ok: 1, failed: 1 });
}, 30_000);
