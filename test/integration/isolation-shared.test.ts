/**
 * Crash isolation and hard timeouts when files share a thread, and one-file runs (on the worker
 * process's main thread), driven by IMGBATCH_FAULT. Apart from isolation.test.ts so that jest's two
 * workers share these spawned runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fixtures, listFiles, tempDir } from '../helpers/fixtures';
import { svgCanvas } from '../helpers/hostile';
import type { Json } from '../helpers/run-cli';
import { runWithFault } from '../helpers/spawn-bin';

const run = runWithFault;

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

describe('a real operation past the limit', () => {
  test('--timeout on a slow real operation: the file fails with TIMEOUT, the batch goes on', async () => {
    // 144 MP from a 124-byte SVG: rasterising, sepia and the PNG encoding take about 4 s here, far
    // past the 1 s limit. (A 144 MP JPEG took 3.6 CPU-s to make.)
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'victim.svg'), svgCanvas(12_000, 12_000));
    for (let i = 0; i < 3; i += 1) fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, `p${i}.jpg`));
    const out = tempDir();
    const r = await run(['filter', 'sepia', dir, '-o', out, '-j', '2', '--timeout', '1', '--allow-svg']);
    expect(r.code).toBe(1);
    const victim = r.records.find((x) => String(x['input']).endsWith('victim.svg'));
    expect(victim).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
    expect(r.records.at(-1)).toMatchObject({ ok: 3, failed: 1 });
    expect(r.ms).toBeLessThan(15_000);
  }, 60_000);
});
