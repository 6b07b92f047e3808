import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createInlineRunner, createPoolRunner, PlanError, runBatch, type BatchOptions, type JobResult, type JobRunner } from '../../src';
import { oneOutput } from '../helpers/results';
import { fixtures, listFiles, tempDir, topLevelPhotos, writeTree } from '../helpers/fixtures';

const byInput = (results: readonly JobResult[]): Map<string, JobResult> => new Map(results.map((r) => [r.input, r]));
const ok = oneOutput;
const noTemporaries = (dir: string): void => expect(listFiles(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

describe.each<{ name: string; make: () => JobRunner }>([
  { name: 'inline runner', make: () => createInlineRunner({ capacity: 2 }) },
  { name: 'piscina pool (compiled worker)', make: () => createPoolRunner({ concurrency: 2 }) },
])('runBatch with the $name', ({ make }) => {
  let runner: JobRunner;
  beforeAll(() => {
    runner = make();
  });
  afterAll(async () => {
    await runner.close();
  });

  test('resizes fixtures/photos recursively: one ok record per image, outputs decode, tree mirrored', async () => {
    const out = tempDir();
    const seen: JobResult[] = [];
    const report = await runBatch({ inputs: [fixtures.photosDir], out, op: { op: 'resize' }, recursive: true }, { runner, onResult: (r) => seen.push(r) });
    expect(report.summary).toMatchObject({ total: 7, ok: 7, failed: 0, skipped: 0, exitCode: 0, interrupted: false });
    expect(seen).toHaveLength(7);
    expect(listFiles(out)).toEqual([
      'alpha.png',
      'bars.webp',
      'checker.gif',
      'landscape.jpg',
      'nested/landscape-exif3.jpg',
      'nested/rotated-exif6.jpg',
      'portrait-exif6.jpg',
    ]);
    for (const r of report.results) {
      const done = ok(r);
      const meta = await sharp(done.output).metadata();
      expect([meta.width, meta.height]).toEqual([done.outWidth, done.outHeight]);
      expect(done.bytesOut).toBe(fs.statSync(done.output).size);
      expect(done.bytesIn).toBe(fs.statSync(done.input).size);
    }
    noTemporaries(out);
  });

  test('applies EXIF orientation and strips metadata by default', async () => {
    const out = tempDir();
    const report = await runBatch({ inputs: [fixtures.rotatedExif6Jpg, fixtures.portraitExif6Jpg], out, op: { op: 'resize' } }, { runner });
    const results = byInput(report.results);
    const rotated = ok(results.get(fixtures.rotatedExif6Jpg));
    expect([rotated.outWidth, rotated.outHeight]).toEqual([100, 200]);
    const { data, info } = await sharp(rotated.output).raw().toBuffer({ resolveWithObject: true });
    const top = (10 * info.width + 50) * info.channels;
    const bottom = (190 * info.width + 50) * info.channels;
    expect(data[top]).toBeGreaterThan(150); // red on top after rotating 90° clockwise
    expect(data[bottom + 2]).toBeGreaterThan(150); // blue at the bottom
    const portrait = ok(results.get(fixtures.portraitExif6Jpg));
    expect([portrait.outWidth, portrait.outHeight]).toEqual([450, 600]);
    const meta = await sharp(portrait.output).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  test('--keep-metadata keeps EXIF with orientation reset to 1', async () => {
    const out = tempDir();
    const report = await runBatch({ inputs: [fixtures.portraitExif6Jpg], out, op: { op: 'resize' }, keepMetadata: true }, { runner });
    const meta = await sharp(ok(report.results[0]).output).metadata();
    expect(meta.exif).toBeDefined();
    expect(meta.orientation).toBe(1);
    expect([meta.width, meta.height]).toEqual([450, 600]);
  });

  test('bad files fail with a reason naming the cause; the rest of the batch goes on', async () => {
    const out = tempDir();
    const report = await runBatch({ inputs: [fixtures.badDir, fixtures.landscapeJpg], out, op: { op: 'sepia' } }, { runner });
    expect(report.summary).toMatchObject({ total: 4, ok: 1, failed: 3, exitCode: 1 });
    const results = byInput(report.results);
    const expectFailure = (file: string, code: string, message: RegExp): void => {
      const r = results.get(file);
      expect(r?.status).toBe('failed');
      if (r?.status === 'failed') {
        expect(r.error.code).toBe(code);
        expect(r.error.message).toMatch(message);
        expect(r.outputs).toEqual([]);
      }
    };
    expectFailure(fixtures.corruptJpg, 'DECODE_FAILED', /cannot decode the JPEG image/);
    expectFailure(fixtures.truncatedPng, 'DECODE_FAILED', /^cannot decode the PNG image: it is truncated \(the file ends inside its IDAT chunk\)$/);
    expectFailure(fixtures.textPng, 'UNSUPPORTED_FORMAT', /^text, not an image \(expected JPEG, PNG, WebP, GIF, TIFF or AVIF\)$/);
    expect(listFiles(out)).toEqual(['landscape.jpg']);
  });

  test('--format converts and picks the extension; keep keeps the input spelling', async () => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'UPPER.JPG'));
    const out = tempDir();
    const keep = await runBatch({ inputs: [dir], out, op: { op: 'thumbnail', size: 32 } }, { runner });
    expect(ok(keep.results[0]).output).toBe(path.join(out, 'UPPER.JPG'));
    const webp = await runBatch({ inputs: [dir, fixtures.alphaPng], out, op: { op: 'thumbnail', size: 32 }, format: 'webp', suffix: '-t' }, { runner });
    expect(webp.results.map((r) => path.basename(ok(r).output)).sort()).toEqual(['UPPER-t.webp', 'alpha-t.webp']);
    for (const r of webp.results) expect((await sharp(ok(r).output).metadata()).format).toBe('webp');
  });

  test('sepia of a PNG with alpha written as JPEG (alpha flattened before the matrix)', async () => {
    const out = tempDir();
    const report = await runBatch({ inputs: [fixtures.alphaPng], out, op: { op: 'sepia' }, format: 'jpeg' }, { runner });
    const r = ok(report.results[0]);
    const meta = await sharp(r.output).metadata();
    expect({ format: meta.format, channels: meta.channels, depth: meta.depth }).toEqual({ format: 'jpeg', channels: 3, depth: 'uchar' });
  });

  test('an animated GIF gives its first frame and a warning', async () => {
    const dir = tempDir();
    const frame = (background: string): Promise<Buffer> =>
      sharp({ create: { width: 8, height: 8, channels: 4, background } })
        .png()
        .toBuffer();
    const frames = await Promise.all(['#c00', '#0c0', '#00c'].map(frame));
    fs.writeFileSync(
      path.join(dir, 'anim.gif'),
      await sharp(frames, { join: { animated: true } })
        .gif()
        .toBuffer(),
    );
    const out = tempDir();
    const report = await runBatch({ inputs: [path.join(dir, 'anim.gif')], out, op: { op: 'grayscale' } }, { runner });
    const r = ok(report.results[0]);
    expect(r.warnings?.join(' ')).toMatch(/3 frames or pages: only the first was written/);
    expect([r.outWidth, r.outHeight]).toEqual([8, 8]);
    expect((await sharp(r.output).metadata()).pages ?? 1).toBe(1);
  });

  test('--skip-existing leaves existing outputs alone; otherwise they are replaced', async () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'landscape.jpg'), 'old');
    const skipped = await runBatch({ inputs: [fixtures.landscapeJpg], out, op: { op: 'resize' }, skipExisting: true }, { runner });
    expect(skipped.results[0]).toMatchObject({ status: 'skipped', reason: 'exists', outputs: [] });
    expect(skipped.summary.exitCode).toBe(0);
    expect(fs.readFileSync(path.join(out, 'landscape.jpg'), 'utf8')).toBe('old');
    const replaced = await runBatch({ inputs: [fixtures.landscapeJpg], out, op: { op: 'resize' } }, { runner });
    expect(replaced.results[0]?.status).toBe('ok');
    expect((await sharp(path.join(out, 'landscape.jpg')).metadata()).format).toBe('jpeg');
    noTemporaries(out);
  });
});

describe('runBatch planning and interrupts', () => {
  test('colliding outputs are a PlanError before anything is written', async () => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'a.jpg'));
    fs.copyFileSync(fixtures.alphaPng, path.join(dir, 'a.png'));
    const out = path.join(tempDir(), 'never-created');
    const attempt = runBatch({ inputs: [dir], out, op: { op: 'resize' }, format: 'jpeg' }, { runner: createInlineRunner() });
    await expect(attempt).rejects.toThrow(PlanError);
    await expect(attempt).rejects.toThrow(/a\.jpg, .*a\.png/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test.each<{ name: string; link: (inputDir: string, outDir: string) => void }>([
    { name: 'an --out folder that is a symlink to the input folder', link: (input, out) => fs.symlinkSync(input, out) },
    {
      name: 'an existing output that is a hard link to its input',
      link: (input, out) => {
        fs.mkdirSync(out);
        fs.linkSync(path.join(input, 'a.jpg'), path.join(out, 'a.jpg'));
      },
    },
  ])('$name is refused before any work (the input stays untouched)', async ({ link }) => {
    const input = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(input, 'a.jpg'));
    const before = fs.readFileSync(path.join(input, 'a.jpg'));
    const out = path.join(tempDir(), 'out');
    link(input, out);
    const attempt = runBatch({ inputs: [input], out, op: { op: 'resize', width: 10 } }, { runner: createInlineRunner() });
    await expect(attempt).rejects.toThrow(PlanError);
    await expect(attempt).rejects.toThrow(/would overwrite an input/);
    expect(fs.readFileSync(path.join(input, 'a.jpg')).equals(before)).toBe(true);
  });

  test('abort: files in flight finish, the rest are skipped as interrupted, exit code 130 / 143', async () => {
    const dir = tempDir();
    writeTree(dir, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`p${String(i).padStart(2, '0')}.jpg`, fs.readFileSync(fixtures.landscapeJpg)])));
    for (const reason of ['SIGINT', 'SIGTERM'] as const) {
      const out = tempDir();
      const controller = new AbortController();
      let done = 0;
      const options: BatchOptions = { inputs: [dir], out, op: { op: 'resize', width: 100 } };
      const report = await runBatch(options, {
        runner: createInlineRunner({ capacity: 2 }),
        signal: controller.signal,
        onResult: () => {
          done += 1;
          if (done === 3) controller.abort(reason);
        },
      });
      const statuses = report.results.map((r) => (r.status === 'skipped' ? r.reason : r.status));
      expect(report.results).toHaveLength(12);
      expect(statuses.filter((s) => s === 'ok').length).toBeGreaterThanOrEqual(3);
      expect(statuses.filter((s) => s === 'interrupted').length).toBeGreaterThan(0);
      expect(report.summary.interrupted).toBe(true);
      expect(report.summary.exitCode).toBe(reason === 'SIGTERM' ? 143 : 130);
      expect(listFiles(out).length).toBe(statuses.filter((s) => s === 'ok').length);
      noTemporaries(out);
    }
  });

  test('only regular files reach sharp: a FIFO named like an image is skipped, never opened', async () => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'real.jpg'));
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(dir, 'pipe.jpg')]);
    const out = tempDir();
    const report = await runBatch({ inputs: [dir], out, op: { op: 'resize' } }, { runner: createInlineRunner() });
    expect(byInput(report.results).get(path.join(dir, 'pipe.jpg'))).toMatchObject({ status: 'skipped', reason: 'not-regular-file' });
    expect(report.summary).toMatchObject({ ok: 1, skipped: 1, exitCode: 0 });
  });

  test('outputs inside the input folder are never read back as inputs', async () => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'a.jpg'));
    const options: BatchOptions = { inputs: [dir], out: path.join(dir, 'small'), op: { op: 'resize', width: 50 }, recursive: true };
    const first = await runBatch(options, { runner: createInlineRunner() });
    const second = await runBatch(options, { runner: createInlineRunner() });
    expect(first.summary.total).toBe(1);
    expect(second.summary).toMatchObject({ total: 2, ok: 1, skipped: 1 });
    expect(second.results.find((r) => r.status === 'skipped')).toMatchObject({ input: path.join(dir, 'small', 'a.jpg'), reason: 'inside-output-root' });
    expect(listFiles(dir)).toEqual(['a.jpg', 'small/a.jpg']);
  });

  test('the default runner is a pool that closes cleanly', async () => {
    const out = tempDir();
    const report = await runBatch({ inputs: topLevelPhotos, out, op: { op: 'grayscale' }, concurrency: 2 });
    expect(report.summary).toMatchObject({ ok: 5, failed: 0 });
  });
});
