/**
 * Crash isolation and hard timeouts, driven by IMGBATCH_FAULT (inert unless set): the worker
 * misbehaves on one named file; only that file fails, every other file is ok, nothing hangs.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { fixtures, listFiles, tempDir } from '../helpers/fixtures';
import type { Json } from '../helpers/run-cli';
import { runBin, type BinResult } from '../helpers/spawn-bin';

/** The bin with --json, IMGBATCH_FAULT set to `fault` (or unset). Every stdout line must parse. */
const run = (args: readonly string[], fault?: string): Promise<BinResult> => runBin([...args, '--json'], { env: { IMGBATCH_FAULT: fault } });

/** A folder of 8 real photos; the fault targets `victim.jpg`. */
function photos(): string {
  const dir = tempDir();
  for (let i = 0; i < 7; i += 1) fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, `p${i}.jpg`));
  fs.copyFileSync(fixtures.portraitExif6Jpg, path.join(dir, 'victim.jpg'));
  return dir;
}

function expectOnlyVictimFailed(records: readonly Json[], code: string, message: RegExp): void {
  const files = records.filter((r) => r['type'] === 'file');
  expect(files).toHaveLength(8);
  for (const r of files) {
    if (String(r['input']).endsWith('victim.jpg')) {
      expect(r).toMatchObject({ status: 'failed', outputs: [], error: { code } });
      expect(String((r['error'] as Json)['message'])).toMatch(message);
    } else {
      expect({ input: r['input'], status: r['status'] }).toEqual({ input: r['input'], status: 'ok' });
    }
  }
  expect(records.at(-1)).toMatchObject({ type: 'summary', total: 8, ok: 7, failed: 1, exitCode: 1 });
}

describe.each<{ mode: string; code: string; message: RegExp; extra: string[] }>([
  { mode: 'throw', code: 'WORKER_ERROR', message: /the worker thread failed on this file: injected fault/, extra: [] },
  { mode: 'exit', code: 'WORKER_EXITED', message: /worker thread exited while processing this file and was replaced/, extra: [] },
  { mode: 'oom', code: 'WORKER_OUT_OF_MEMORY', message: /ran out of heap memory on this file and was replaced/, extra: [] },
  { mode: 'segv', code: 'WORKER_CRASHED', message: /died of SIGSEGV while processing this file, also when retried alone/, extra: [] },
  {
    mode: 'hang',
    code: 'TIMEOUT',
    // "also when retried alone" when other files ran beside it (then it is retried alone first);
    // a victim that started after the others had finished is judged at once.
    message: /still running past the 2 s limit \(--timeout\)(, also when retried alone)?: its worker process was killed and replaced/,
    extra: ['--timeout', '2'],
  },
])('IMGBATCH_FAULT=$mode', ({ mode, code, message, extra }) => {
  test(`only that file fails (${code}); every other file is ok; exit 1; nothing hangs`, async () => {
    const dir = photos();
    const out = tempDir();
    const r = await run(['thumbnail', dir, '-o', out, '-j', '2', ...extra], `${mode}:victim.jpg`);
    expect(r.code).toBe(1);
    expectOnlyVictimFailed(r.records, code, message);
    expect(listFiles(out)).toHaveLength(7);
    expect(listFiles(out).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(r.ms).toBeLessThan(20_000);
  });
});

describe.each([
  ['exit', 'WORKER_EXITED', []],
  ['oom', 'WORKER_OUT_OF_MEMORY', []],
  ['hang', 'TIMEOUT', ['--timeout', '1']],
])("two small files share the one thread (-j 1); the victim's thread dies or hangs (%s)", (mode, code, extra) => {
  test(`only the victim fails (${code}); the other runs again alone and is ok`, async () => {
    const dir = tempDir();
    for (const name of ['innocent.jpg', 'victim.jpg']) fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, name));
    const r = await run(['thumbnail', dir, '-o', tempDir(), '-j', '1', ...extra], `${mode}:victim.jpg`);
    const status = Object.fromEntries(r.records.filter((x) => x['type'] === 'file').map((x) => [path.basename(String(x['input'])), x['status']]));
    expect(status).toEqual({ 'innocent.jpg': 'ok', 'victim.jpg': 'failed' });
    expect(r.records.find((x) => String(x['input']).endsWith('victim.jpg'))).toMatchObject({ error: { code } });
  }, 30_000);
});

describe.each([
  ['throw', 'WORKER_ERROR', /the worker thread failed on this file: injected fault/, []],
  ['exit', 'WORKER_CRASHED', /the worker process died of exit code 1 while processing this file, also when retried alone/, []],
  ['segv', 'WORKER_CRASHED', /died of SIGSEGV while processing this file, also when retried alone/, []],
  ['hang', 'TIMEOUT', /still running past the 1 s limit \(--timeout\): its worker process was killed and replaced/, ['--timeout', '1']],
])("a run of one file runs it on the worker process's main thread (%s)", (mode, code, message, extra) => {
  test(`it fails with ${code}; the process is isolated as a thread would be`, async () => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'victim.jpg'));
    const out = tempDir();
    const r = await run(['thumbnail', dir, '-o', out, ...extra], `${mode}:victim.jpg`);
    expect(r.code).toBe(1);
    const victim = r.records.find((x) => x['type'] === 'file');
    expect(victim).toMatchObject({ status: 'failed', error: { code } });
    expect(String((victim?.['error'] as Json)['message'])).toMatch(message);
    expect(listFiles(out)).toEqual([]);
  }, 30_000);
});

describe('crash isolation details', () => {
  test('two crashing files both fail; files in flight with them are retried and succeed', async () => {
    const dir = photos();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'second-victim.jpg'));
    const out = tempDir();
    const r = await run(['resize', dir, '-o', out, '-j', '2', '--width', '100'], 'segv:victim.jpg,segv:second-victim.jpg');
    expect(r.code).toBe(1);
    const failed = r.records
      .filter((x) => x['status'] === 'failed')
      .map((x) => path.basename(String(x['input'])))
      .sort();
    expect(failed).toEqual(['second-victim.jpg', 'victim.jpg']);
    expect(r.records.at(-1)).toMatchObject({ ok: 7, failed: 2 });
  });

  test('--no-isolate runs the pool in this process; a throwing worker still fails only its file', async () => {
    const dir = photos();
    const r = await run(['thumbnail', dir, '-o', tempDir(), '--no-isolate'], 'throw:victim.jpg');
    expectOnlyVictimFailed(r.records, 'WORKER_ERROR', /injected fault/);
  });

  test('a malformed IMGBATCH_FAULT is an error, not silence', async () => {
    const r = await run(['thumbnail', photos(), '-o', tempDir()], 'explode:victim.jpg');
    expect(r.code).not.toBe(0);
    expect(r.stderr + JSON.stringify(r.records)).toMatch(/Expected IMGBATCH_FAULT entries like "segv:photo\.jpg"/);
  });

  test('--timeout on a slow real operation: the file fails with TIMEOUT, the batch goes on', async () => {
    // 144 MP sepia with optimised Huffman tables: about 3 s here, far past the 1 s limit.
    const dir = tempDir();
    await sharp({ create: { width: 12000, height: 12000, channels: 3, background: '#775533' } })
      .jpeg({ quality: 40 })
      .toFile(path.join(dir, 'victim.jpg'));
    for (let i = 0; i < 3; i += 1) fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, `p${i}.jpg`));
    const out = tempDir();
    const r = await run(['filter', 'sepia', dir, '-o', out, '-j', '2', '--timeout', '1', '--optimize-coding', 'on']);
    expect(r.code).toBe(1);
    const victim = r.records.find((x) => String(x['input']).endsWith('victim.jpg'));
    expect(victim).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
    expect(r.records.at(-1)).toMatchObject({ ok: 3, failed: 1 });
    expect(r.ms).toBeLessThan(15_000);
  }, 60_000);
});
