/**
 * Crash isolation and hard timeouts, driven by IMGBATCH_FAULT (inert unless set): the worker
 * misbehaves on one named file; only that file fails, every other file is ok, nothing hangs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fixtures, listFiles, tempDir } from '../helpers/fixtures';
import type { Json } from '../helpers/run-cli';
import { runWithFault } from '../helpers/spawn-bin';

const run = runWithFault;

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
    message: /still running past the 1 s limit \(--timeout\)(, also when retried alone)?: its worker process was killed and replaced/,
    extra: ['--timeout', '1'],
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
});
