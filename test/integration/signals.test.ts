/**
 * Signals at the moments only a real process shows: an interrupt before the batch exists, the main
 * process killed while its worker process starts, a file caught in its write stage. Each test waits
 * for an event (the worker process appearing in /proc, a file appearing, a line on stderr).
 */
import fs from 'node:fs';
import { fixtures, tempDir, writeTree } from '../helpers/fixtures';
import { firstChildOf, isGone, parseLines, startBin, until, type BinRun } from '../helpers/spawn-bin';

const photos = tempDir();
const many = tempDir();
beforeAll(async () => {
  const photo = fs.readFileSync(fixtures.landscapeJpg);
  writeTree(photos, { 'img1.jpg': photo, 'img2.jpg': photo, 'img3.jpg': photo });
  const { default: sharp } = await import('sharp');
  const tiny = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .jpeg()
    .toBuffer();
  writeTree(many, Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`d${i % 20}/t${String(i).padStart(4, '0')}.jpg`, tiny])));
});

/** The worker process imgbatch forks before it loads yargs. */
const workerOf = (run: BinRun): Promise<number | undefined> => until(() => firstChildOf(run.child.pid ?? 0), run.exited);

describe('an interrupt during start-up is handled like one during the batch', () => {
  test('SIGINT right after spawn: exit 130; a summary if imgbatch got as far as listening', async () => {
    const run = startBin(['resize', photos, '-o', tempDir(), '--json']);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    // Before main runs, node's default action kills it (no summary); from main on, a summary.
    if (run.stdout() !== '') expect(parseLines(run.stdout()).at(-1)).toMatchObject({ type: 'summary', interrupted: true, exitCode: 130 });
  });

  test.each<{ what: string; args: (out: string) => string[]; signal: NodeJS.Signals; code: number }>([
    { what: 'SIGINT, 3 files', args: (o) => ['resize', photos, '-o', o, '--json'], signal: 'SIGINT', code: 130 },
    { what: 'SIGTERM, 3 files', args: (o) => ['resize', photos, '-o', o, '--json'], signal: 'SIGTERM', code: 143 },
    // Sent while yargs loads, it is acted on at the first I/O: during discovery of the 2,000 files.
    { what: 'SIGINT, 2,000 files in 20 folders', args: (o) => ['thumbnail', many, '-r', '-o', o, '--json', '--size', '4'], signal: 'SIGINT', code: 130 },
  ])('$what, sent when the worker process appears (before yargs loaded): summary record, exit $code', async ({ args, signal, code }) => {
    const run = startBin(args(tempDir()));
    expect(await workerOf(run)).toBeDefined();
    const sent = Date.now();
    run.child.kill(signal);
    expect(await run.exited).toBe(code);
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(run.stderr()).toContain(`imgbatch: ${signal}: finishing the files in flight`);
    const records = parseLines(run.stdout());
    const files = records.filter((r) => r['type'] === 'file');
    const summary = records.at(-1);
    expect(summary).toMatchObject({ type: 'summary', interrupted: true, exitCode: code, total: files.length });
    // Every file is accounted for: written, or skipped as interrupted (none failed).
    expect(files.filter((f) => f['status'] !== 'ok' && f['reason'] !== 'interrupted')).toEqual([]);
  });

  test('without --json the human summary says (interrupted)', async () => {
    const run = startBin(['resize', photos, '-o', tempDir()]);
    expect(await workerOf(run)).toBeDefined();
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stdout()).toMatch(/^\d+ ok, 0 failed, \d+ skipped in .*\(interrupted\)$/m);
  });
});

describe('imgbatch killed (SIGKILL) during start-up: its orphaned worker process leaves silently', () => {
  test.each(['right after spawn', 'when the worker process appears'])('%s', async (moment) => {
    const run = startBin(['resize', photos, '-o', tempDir(), '--json']);
    const worker = moment === 'right after spawn' ? undefined : await workerOf(run);
    if (moment !== 'right after spawn') expect(worker).toBeDefined();
    run.child.kill('SIGKILL');
    // The orphan inherited stderr: the pipe ends only when it has exited too.
    await run.stderrClosed;
    expect(run.stderr()).toBe('');
    // Its pipes close as it exits; the kernel may take a moment more to reap it: wait for that
    // (bounded by the test's own timeout), never a fixed sleep.
    if (worker !== undefined) expect(await until(() => (isGone(worker) ? true : undefined), new Promise(() => {}))).toBe(true);
  });
});

/** Resolves with the first temporary (`.….tmp`) to appear in `dir`. */
function temporaryAppears(dir: string): Promise<string> {
  return new Promise((resolve) => {
    const find = (): string | undefined => fs.readdirSync(dir).find((f) => f.endsWith('.tmp'));
    const watcher = fs.watch(dir, () => {
      const found = find();
      if (found === undefined) return;
      watcher.close();
      resolve(found);
    });
    const now = find();
    if (now !== undefined) {
      watcher.close();
      resolve(now);
    }
  });
}

describe('a file caught in its write stage leaves no temporary', () => {
  // IMGBATCH_FAULT=stall: the worker writes img1.jpg's temporary, then never finishes.
  const stall = { env: { IMGBATCH_FAULT: 'stall:img1.jpg' } };

  test.each([
    { mode: 'isolated (the temporary carries the worker process pid)', flags: [] },
    { mode: '--no-isolate', flags: ['--no-isolate'] },
  ])('interrupted, $mode: exit 130, the temporary removed', async ({ flags }) => {
    const out = tempDir();
    const run = startBin(['resize', photos, '-o', out, '--json', '-j', '1', ...flags], stall);
    const temporary = await temporaryAppears(out);
    const writerPid = Number(/-(\d+)-[0-9a-f]{12}\.tmp$/.exec(temporary)?.[1]);
    expect(writerPid === run.child.pid).toBe(flags.includes('--no-isolate'));
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(parseLines(run.stdout()).find((r) => String(r['input']).endsWith('img1.jpg'))).toMatchObject({ status: 'skipped', reason: 'interrupted' });
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('timed out (its worker process killed): the file fails with TIMEOUT, the temporary removed, the rest written', async () => {
    const out = tempDir();
    const run = startBin(['resize', photos, '-o', out, '--json', '-j', '1', '--timeout', '1'], stall);
    expect(await run.exited).toBe(1);
    const records = parseLines(run.stdout());
    expect(records.find((r) => String(r['input']).endsWith('img1.jpg'))).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
    expect(
      fs
        .readdirSync(out)
        .filter((f) => !f.startsWith('.imgbatch-ledger'))
        .sort(),
    ).toEqual(['img2.jpg', 'img3.jpg']);
  });
});
