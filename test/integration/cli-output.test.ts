/**
 * What the CLI writes and which files it leaves, through runCli in this process: result lines,
 * NDJSON, --quiet, --skip-existing, plan errors. The bin's own wiring is cli-spawned.test.ts's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fixtures, listFiles, tempDir } from '../helpers/fixtures';
import { outputRecord } from '../helpers/results';
import { runCliInProcess as runInProcess, type InProcessOptions } from '../helpers/run-cli';

/** The CLI on an inline runner: what is tested here does not need a worker process. */
const runCliInProcess = (argv: readonly string[], o: InProcessOptions = {}): ReturnType<typeof runInProcess> => runInProcess(argv, { ...o, inline: true });

describe('imgbatch CLI (in process)', () => {
  test('a failing file → exit 1, ✗ line with the cause, the other files still written', async () => {
    const out = tempDir();
    const r = await runCliInProcess(['thumbnail', fixtures.badDir, fixtures.landscapeJpg, '-o', out, '--size', '40']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ fixtures\/bad\/corrupt\.jpg: cannot decode the JPEG image.*\[DECODE_FAILED\]/);
    expect(r.stdout).toMatch(/✗ fixtures\/bad\/not-an-image\.png: text, not an image/);
    expect(r.stdout).toMatch(/^1 ok, 3 failed, 0 skipped/m);
    expect(listFiles(out)).toEqual(['landscape.jpg']);
  });

  test('--optimize-coding on writes smaller JPEGs than off, with the same pixels; auto picks per file', async () => {
    const size = async (mode: string): Promise<{ bytes: number; out: string }> => {
      const out = path.join(tempDir(), 'out');
      const r = await runCliInProcess(['filter', 'grayscale', fixtures.landscapeJpg, '-o', out, '--optimize-coding', mode, '--quiet']);
      expect(r.code).toBe(0);
      return { bytes: fs.statSync(path.join(out, 'landscape.jpg')).size, out: path.join(out, 'landscape.jpg') };
    };
    const [on, off, auto] = await Promise.all([size('on'), size('off'), size('auto')]);
    expect(on.bytes).toBeLessThan(off.bytes);
    // A filter keeps every pixel: auto writes the standard tables.
    expect(auto.bytes).toBe(off.bytes);
    const { default: sharp } = await import('sharp');
    const [a, b] = await Promise.all([sharp(on.out).raw().toBuffer(), sharp(off.out).raw().toBuffer()]);
    expect(a.equals(b)).toBe(true);
  });

  test('colliding outputs → exit 2 listing the group and suggesting --suffix or --format', async () => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'a.jpg'));
    fs.copyFileSync(fixtures.alphaPng, path.join(dir, 'A.png'));
    const out = path.join(tempDir(), 'out');
    const r = await runCliInProcess(['resize', dir, '-o', out, '--format', 'jpeg']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/1 output name is shared/);
    expect(r.stderr).toMatch(/A\.png, .*a\.jpg|a\.jpg, .*A\.png/);
    expect(r.stderr).toMatch(/--suffix/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('--json: NDJSON only on stdout, one record per file, the summary last', async () => {
    const out = tempDir();
    const r = await runCliInProcess(['filter', 'sepia', 'fixtures/photos', fixtures.badDir, '-r', '-o', out, '--json']);
    expect(r.code).toBe(1);
    const records = r.records;
    const files = records.filter((x) => x['type'] === 'file');
    expect(files).toHaveLength(10);
    expect(records.at(-1)).toMatchObject({ type: 'summary', schema: 2, total: 10, ok: 7, failed: 3, skipped: 0, outputs: 7, interrupted: false, exitCode: 1 });
    const summary = records.at(-1) ?? {};
    for (const key of ['wallMs', 'filesPerSec', 'megapixelsPerSec', 'bytesIn', 'bytesOut', 'p50Ms', 'p95Ms']) expect(typeof summary[key]).toBe('number');
    for (const key of ['startedAt', 'endedAt']) expect(new Date(String(summary[key])).toISOString()).toBe(summary[key]);
    expect(Date.parse(String(summary['endedAt'])) - Date.parse(String(summary['startedAt']))).toBeCloseTo(Number(summary['wallMs']), -1);
    for (const f of files) {
      expect(path.isAbsolute(String(f['input']))).toBe(true);
      expect(typeof f['bytesIn']).toBe('number');
      expect(typeof f['ms']).toBe('number');
      if (f['status'] === 'ok') {
        expect(path.isAbsolute(outputRecord(f).path)).toBe(true);
        expect(f).toEqual(expect.objectContaining({ width: expect.any(Number), height: expect.any(Number), bytesOut: expect.any(Number) }));
        expect(f).not.toHaveProperty('error');
      } else {
        expect(f['status']).toBe('failed');
        expect(f['outputs']).toEqual([]);
        expect(f['error']).toEqual({ code: expect.any(String), message: expect.any(String) });
      }
    }
  });

  test('--quiet: nothing on stdout, only failures on stderr', async () => {
    const out = tempDir();
    const r = await runCliInProcess(['resize', fixtures.badDir, fixtures.landscapeJpg, '-o', out, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(3);
    expect(r.stderr).toMatch(/✗ .*corrupt\.jpg/);
  });

  test('--skip-existing: second run skips with reason exists and exits 0', async () => {
    const out = tempDir();
    expect((await runCliInProcess(['resize', fixtures.landscapeJpg, '-o', out])).code).toBe(0);
    const r = await runCliInProcess(['resize', fixtures.landscapeJpg, '-o', out, '--skip-existing', '--json']);
    expect(r.code).toBe(0);
    expect(r.records[0]).toMatchObject({ status: 'skipped', reason: 'exists' });
  });

  test('a name with a leading dash is an input after --', async () => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, '-dash.jpg'));
    const out = tempDir();
    const r = await runCliInProcess(['thumbnail', '-o', out, '--size', '20', '--', '-dash.jpg'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(listFiles(out)).toEqual(['-dash.jpg']);
  });

  test('control characters in file names are escaped in human output', async () => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'evil\nname\u001b[31m.jpg'));
    const r = await runCliInProcess(['thumbnail', dir, '-o', tempDir(), '--size', '20']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('evil\\nname\\x1b[31m.jpg');
    expect(r.stdout).not.toContain('\u001b');
  });
});
