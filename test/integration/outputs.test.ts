import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createInlineRunner, PlanError, runBatch, type BatchOptions, type FormatOption, type JobResult, type Op } from '../../src';
import type { Manifest } from '../../src/batch/manifest';
import { processJob, STAGES, type Stages } from '../../src/job/process-job';
import { jpeg } from '../helpers/hostile';
import { ioJob } from '../helpers/io';
import { fixtures, listFiles, tempDir, writeTree } from '../helpers/fixtures';
import { runCliInProcess as runInProcess, type InProcessOptions } from '../helpers/run-cli';

/** The CLI on an inline runner: what is tested here does not need a worker process. */
const runCliInProcess = (argv: readonly string[], o: InProcessOptions = {}): ReturnType<typeof runInProcess> => runInProcess(argv, { ...o, inline: true });

const runner = createInlineRunner({ capacity: 2 });
afterAll(() => runner.close());

const resize = (width: number): Op => ({ op: 'resize', width });
const run = (options: Omit<BatchOptions, 'out'> & { out?: string }): ReturnType<typeof runBatch> => runBatch({ out: tempDir(), ...options }, { runner });
const sizeOf = async (file: string): Promise<[number | undefined, number | undefined]> => {
  const { width, height } = await sharp(file).metadata();
  return [width, height];
};
const ok = (r: JobResult | undefined): Extract<JobResult, { status: 'ok' }> => {
  if (r?.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r;
};
/** A tree of copies of fixtures under a fresh folder. */
const treeOf = (files: Record<string, string>): string => {
  const root = tempDir();
  writeTree(root, Object.fromEntries(Object.entries(files).map(([rel, from]) => [rel, fs.readFileSync(from)])));
  return root;
};

describe('--name tokens, end to end', () => {
  test('{dir} {name} {ext} {format} {width} {height}: files at exactly the predicted paths, each of the size its name says', async () => {
    const root = treeOf({ 'a.jpg': fixtures.landscapeJpg, 'sub/b.png': fixtures.alphaPng, 'sub/deep/c.jpg': fixtures.portraitExif6Jpg });
    const out = tempDir();
    const args = ['resize', root, '-r', '-o', out, '--widths', '100,200', '--formats', 'keep,webp', '--suffix=-s'];
    const r = await runCliInProcess([...args, '--name', '{dir}/{format}/{name}_{width}x{height}.{ext}']);
    expect(r.code).toBe(0);
    // Predicted by hand: {dir}/{format}/{name}_{width}x{height}.{ext}, {name} with the suffix, {ext} the input's own spelling.
    const predicted = ['jpeg/a-s_100x75.jpg', 'jpeg/a-s_200x150.jpg', 'webp/a-s_100x75.webp', 'webp/a-s_200x150.webp'];
    predicted.push('sub/png/b-s_100x75.png', 'sub/png/b-s_200x150.png', 'sub/webp/b-s_100x75.webp', 'sub/webp/b-s_200x150.webp');
    predicted.push('sub/deep/jpeg/c-s_100x133.jpg', 'sub/deep/jpeg/c-s_200x267.jpg', 'sub/deep/webp/c-s_100x133.webp', 'sub/deep/webp/c-s_200x267.webp');
    expect(listFiles(out)).toEqual(predicted.sort());
    for (const file of listFiles(out)) {
      const [, format, w, h, ext] = /([a-z]+)\/[^/]+_(\d+)x(\d+)\.([a-z]+)$/.exec(file) ?? [];
      expect(await sizeOf(path.join(out, file))).toEqual([Number(w), Number(h)]);
      expect((await sharp(path.join(out, file)).metadata()).format).toBe(format);
      expect(ext).toBe(format === 'jpeg' ? 'jpg' : format);
    }
  });

  test('{hash}: 10 hex digits, stable across runs, changed by quality or by the input content', async () => {
    const named = async (input: string, quality: number): Promise<string> => {
      const report = await run({ inputs: [input], op: resize(120), quality, name: '{name}.{hash}.{ext}' });
      const [only] = ok(report.results[0]).outputs;
      expect(fs.existsSync(only?.path ?? '')).toBe(true);
      return path.basename(only?.path ?? '');
    };
    const first = await named(fixtures.landscapeJpg, 80);
    expect(first).toMatch(/^landscape\.[0-9a-f]{10}\.jpg$/);
    expect(await named(fixtures.landscapeJpg, 80)).toBe(first);
    expect(await named(fixtures.landscapeJpg, 60)).not.toBe(first);
    const other = treeOf({ 'landscape.jpg': fixtures.landscapeExif3Jpg });
    const changed = await named(path.join(other, 'landscape.jpg'), 80);
    expect(changed).toMatch(/^landscape\.[0-9a-f]{10}\.jpg$/);
    expect(changed).not.toBe(first);
    const widths = await run({ inputs: [fixtures.landscapeJpg], outputs: [{ ops: [resize(100)] }, { ops: [resize(200)] }], name: '{hash}.{ext}' });
    const hashes = ok(widths.results[0]).outputs.map((o) => path.basename(o.path));
    expect(new Set(hashes).size).toBe(2);
  });
});

describe('resize never enlarges', () => {
  const webpJpeg: FormatOption[] = ['webp', 'jpeg'];
  test.each<{ input: string; widths: number[]; formats?: FormatOption[]; made: string[]; atSource: boolean }>([
    { input: 'landscape.jpg', widths: [320, 640, 1280], made: ['landscape-320.jpg'], atSource: false },
    { input: 'landscape.jpg', widths: [320, 640, 1280], formats: webpJpeg, made: ['landscape-320.jpg', 'landscape-320.webp'], atSource: false },
    { input: 'bars.webp', widths: [320, 400, 640], made: ['bars-320.webp', 'bars-400.webp'], atSource: false },
    { input: 'checker.gif', widths: [320, 640], made: ['checker-200.gif'], atSource: true },
    { input: 'checker.gif', widths: [640, 320], formats: webpJpeg, made: ['checker-200.jpg', 'checker-200.webp'], atSource: true },
    // Shown 450 wide (stored 600 wide, EXIF orientation 6): the shown width is the source's.
    { input: 'portrait-exif6.jpg', widths: [320, 500], made: ['portrait-exif6-320.jpg'], atSource: false },
    { input: 'portrait-exif6.jpg', widths: [500, 640], made: ['portrait-exif6-450.jpg'], atSource: true },
  ])('$input with widths $widths makes $made', async ({ input, widths, formats, made, atSource }) => {
    const out = tempDir();
    const outputs = widths.flatMap((w) => (formats ?? [undefined]).map((format) => ({ ops: [resize(w)], ...(format === undefined ? {} : { format }) })));
    const report = await run({ inputs: [path.join(fixtures.photosDir, input)], out, outputs });
    const r = ok(report.results[0]);
    expect(listFiles(out)).toEqual(made);
    expect(r.outputs.map((o) => path.basename(o.path)).sort()).toEqual(made);
    for (const o of r.outputs) {
      expect(await sizeOf(o.path)).toEqual([o.width, o.height]);
      expect(o.width).toBeLessThanOrEqual(r.width);
      expect(o.atSourceWidth === true).toBe(atSource);
    }
    expect(report.summary.outputs).toBe(made.length);
  });
});

describe('collisions between outputs are a PlanError, nothing written', () => {
  const upper = (): string => path.join(treeOf({ 'A.JPG': fixtures.landscapeJpg }), 'A.JPG');
  test.each<{ why: string; args: () => string[]; shared: RegExp }>([
    { why: 'a template without {width}', args: () => [fixtures.landscapeJpg, '--widths', '100,200', '--name', '{name}.{ext}'], shared: /landscape\.jpg ←/ },
    { why: 'two formats, one extension', args: () => [fixtures.landscapeJpg, '--widths', '100,200', '--formats', 'keep,jpeg'], shared: /landscape-100\.jpg ←/ },
    { why: '.JPG kept and .jpg: case only', args: () => [upper(), '--formats', 'keep,jpeg'], shared: /A-600\.(JPG|jpg) ←/ },
  ])('CLI: $why → exit 2 naming the shared file', async ({ args, shared }) => {
    const out = path.join(tempDir(), 'out');
    const r = await runCliInProcess(['resize', ...args(), '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shared/);
    expect(r.stderr).toMatch(shared);
    expect(fs.existsSync(out) ? listFiles(out) : []).toEqual([]);
  });

  test('across inputs: a.jpg and a.png both named a-<width>.webp', async () => {
    const root = treeOf({ 'a.jpg': fixtures.landscapeJpg, 'a.png': fixtures.alphaPng });
    const out = path.join(tempDir(), 'out');
    const outputs = [100, 200].map((w) => ({ ops: [resize(w)], format: 'webp' as const }));
    const attempt = run({ inputs: [root], out, outputs });
    await expect(attempt).rejects.toThrow(PlanError);
    await expect(attempt).rejects.toThrow(/a-100\.webp[\s\S]*a\.jpg[\s\S]*a\.png|a-100\.webp[\s\S]*a\.png[\s\S]*a\.jpg/);
    expect(fs.existsSync(out) ? listFiles(out) : []).toEqual([]);
  });
});

describe('a failed output among good ones', () => {
  test('the input fails naming the output; the outputs written are listed, exist and decode', async () => {
    const out = tempDir();
    fs.mkdirSync(path.join(out, 'landscape-200.webp'));
    const r = await runCliInProcess(['resize', fixtures.landscapeJpg, '-o', out, '--widths', '100,200,300', '--formats', 'webp', '--json']);
    expect(r.code).toBe(1);
    const record = r.records.find((x) => x['input'] === fixtures.landscapeJpg);
    expect(record).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('landscape-200.webp') as unknown } });
    const listed = (record?.['outputs'] ?? []) as { path: string; width: number }[];
    expect(listed.map((o) => path.basename(o.path))).toEqual(['landscape-100.webp', 'landscape-300.webp']);
    for (const o of listed) expect((await sizeOf(o.path))[0]).toBe(o.width);
    expect(fs.statSync(path.join(out, 'landscape-200.webp')).isDirectory()).toBe(true);
  });
});

describe('--manifest', () => {
  test('srcset URLs name real files of the width they say; sorted; written atomically', async () => {
    const root = tempDir();
    writeTree(root, { 'z photo.jpg': await jpeg(1000, 750), 'nested/b.jpg': await jpeg(800, 800), 'a.jpg': await jpeg(500, 300) });
    const out = tempDir();
    const file = path.join(out, 'images.json');
    const args = ['resize', root, '-r', '-o', out, '--widths', '320,640', '--formats', 'webp,jpeg', '--manifest', file, '--base-url', '/img/'];
    expect((await runCliInProcess(args)).code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
    expect(manifest).toMatchObject({ version: 1, baseUrl: '/img/' });
    const names = manifest.inputs.map((i) => i.input);
    expect(names).toEqual([...names].sort());
    expect(names.map((n) => path.basename(n))).toEqual(['a.jpg', 'b.jpg', 'z photo.jpg']);
    expect(manifest.inputs.map((i) => Object.keys(i.srcset).sort().join())).toEqual(['jpeg,webp', 'jpeg,webp', 'jpeg,webp']);
    for (const input of manifest.inputs) {
      const keys = input.outputs.map((o) => `${o.format} ${String(o.width).padStart(5, '0')}`);
      expect(keys).toEqual([...keys].sort());
      for (const srcset of Object.values(input.srcset)) {
        for (const entry of srcset.split(', ')) {
          const [url = '', w = ''] = entry.split(' ');
          expect(url.startsWith('/img/')).toBe(true);
          const rel = url.slice('/img/'.length).split('/').map(decodeURIComponent).join('/');
          expect(url).not.toMatch(/ /);
          expect((await sizeOf(path.join(out, rel)))[0]).toBe(Number(w.replace(/w$/, '')));
        }
      }
      for (const o of input.outputs) expect(fs.statSync(path.join(out, o.path)).size).toBe(o.bytes);
    }
    expect(manifest.inputs.find((i) => i.input.endsWith('z photo.jpg'))?.srcset['webp']).toBe('/img/z%20photo-320.webp 320w, /img/z%20photo-640.webp 640w');
    expect(listFiles(out).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe('one decode per input', () => {
  const counted = (): { stages: Stages; calls: { decode: number; render: number } } => {
    const calls = { decode: 0, render: 0 };
    const stages: Stages = {
      decode: (s) => ((calls.decode += 1), STAGES.decode(s)),
      render: (s, out, decoded) => ((calls.render += 1), STAGES.render(s, out, decoded)),
    };
    return { stages, calls };
  };

  test.each<{ outputs: number; decodes: number }>([
    { outputs: 6, decodes: 1 },
    { outputs: 1, decodes: 0 },
  ])('$outputs output(s): decode runs $decodes time(s), render once per output', async ({ outputs, decodes }) => {
    const out = tempDir();
    const formats = ['webp', 'jpeg'] as const;
    const list = [100, 200, 300].flatMap((w) => formats.map((format) => ({ path: path.join(out, `o-${w}.${format}`), ops: [resize(w)], format, quality: 80 })));
    const { stages, calls } = counted();
    const r = ok(await processJob(ioJob(fixtures.landscapeJpg, path.join(out, 'x.jpg'), { outputs: list.slice(0, outputs) }), undefined, stages));
    expect(calls).toEqual({ decode: decodes, render: outputs });
    expect(r.outputs).toHaveLength(outputs);
    for (const o of r.outputs) {
      expect(o.ms).toBeGreaterThan(0);
      expect(await sizeOf(o.path)).toEqual([o.width, o.height]);
    }
  });
});

describe('usage errors', () => {
  test.each<{ args: string[]; says: RegExp[] }>([
    { args: ['resize', '--width', '300', '--widths', '320,640'], says: [/--width\b/, /--widths/] },
    { args: ['thumbnail', '--size', '100', '--sizes', '150,300'], says: [/--size\b/, /--sizes/] },
    { args: ['resize', '--format', 'webp', '--formats', 'webp,jpeg'], says: [/--format\b/, /--formats/] },
    { args: ['resize', '--widths', '320,abc'], says: [/--widths/, /abc/] },
    { args: ['resize', '--widths', '320,320'], says: [/--widths/, /given twice/] },
    { args: ['thumbnail', '--sizes', '64,64'], says: [/--sizes/, /given twice/] },
    { args: ['resize', '--base-url', '/img/'], says: [/--base-url/, /--manifest/] },
  ])('$args → exit 2', async ({ args, says }) => {
    const out = tempDir();
    const [command = '', ...flags] = args;
    const r = await runCliInProcess([command, fixtures.landscapeJpg, '-o', out, ...flags]);
    expect(r.code).toBe(2);
    for (const s of says) expect(r.stderr).toMatch(s);
    expect(listFiles(out)).toEqual([]);
  });
});

describe('per-format quality and thumbnail sizes', () => {
  test('--quality-webp sets the WebP quality alone; -q still sets the JPEG one', async () => {
    const made = async (webp: string): Promise<{ webp: Buffer; jpeg: Buffer }> => {
      const out = tempDir();
      const r = await runCliInProcess(['resize', fixtures.landscapeJpg, '-o', out, '--formats', 'webp,jpeg', '--quality-webp', webp, '-q', '95']);
      expect(r.code).toBe(0);
      expect(listFiles(out)).toEqual(['landscape-600.jpg', 'landscape-600.webp']);
      return { webp: fs.readFileSync(path.join(out, 'landscape-600.webp')), jpeg: fs.readFileSync(path.join(out, 'landscape-600.jpg')) };
    };
    const low = await made('30');
    const high = await made('95');
    expect(low.webp.length).toBeLessThan(high.webp.length);
    expect(low.jpeg.equals(high.jpeg)).toBe(true);
  });

  test('thumbnail --sizes 64,32 makes two squares named by their size', async () => {
    const out = tempDir();
    const r = await runCliInProcess(['thumbnail', fixtures.landscapeJpg, fixtures.portraitExif6Jpg, '-o', out, '--sizes', '64,32', '--json']);
    expect(r.code).toBe(0);
    expect(listFiles(out)).toEqual(['landscape-32.jpg', 'landscape-64.jpg', 'portrait-exif6-32.jpg', 'portrait-exif6-64.jpg']);
    for (const file of listFiles(out)) {
      const side = Number(/-(\d+)\.jpg$/.exec(file)?.[1]);
      expect(await sizeOf(path.join(out, file))).toEqual([side, side]);
    }
  });
});
