/**
 * The hostile-input suite: every case is generated in a fresh temp dir (nothing large committed),
 * the CLI runs over it as a user would, and every guarantee of README "Safety" is checked.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { thisWriter } from '../../src/job/atomic';
import { fixtures, listFiles, tempDir } from '../helpers/fixtures';
import * as h from '../helpers/hostile';
import type { Json } from '../helpers/run-cli';
import { collect, startBin, type BinResult } from '../helpers/spawn-bin';
import { outputRecord } from '../helpers/results';

interface Run extends BinResult {
  /** Peak resident memory of the imgbatch process, sampled from /proc every 10 ms. */
  readonly peakRssMb: number;
}

/** Runs the bin with --json in `cwd` and samples its memory while it runs. */
async function runCli(args: readonly string[], cwd: string): Promise<Run> {
  const started = startBin([...args, '--json'], { cwd });
  const pid = started.child.pid ?? 0;
  let peakKb = 0;
  const sampler = setInterval(() => {
    try {
      const rss = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss?.[1] !== undefined) peakKb = Math.max(peakKb, Number(rss[1]));
    } catch {
      // exited
    }
  }, 10);
  try {
    const run = await collect(started);
    return { ...run, peakRssMb: peakKb / 1024 };
  } finally {
    clearInterval(sampler);
  }
}

const sha256 = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** sha256 of every regular file below root (links and special files left alone). */
function hashTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(p, sha256(p));
    }
  };
  walk(root);
  return out;
}

const OLD = new Date('2020-01-01T00:00:00Z');
/** A file whose access time moves if anything reads it (the file system updates atime under relatime). */
function canary(file: string, content: Buffer): void {
  fs.writeFileSync(file, content);
  fs.utimesSync(file, OLD, new Date());
}
const wasRead = (file: string): boolean => fs.statSync(file).atimeMs !== OLD.getTime();
/** Whether this file system records reads in atime at all (noatime mounts do not). */
function atimeWorks(dir: string): boolean {
  const probe = path.join(dir, '.atime-probe');
  canary(probe, Buffer.from('probe'));
  fs.readFileSync(probe);
  const works = wasRead(probe);
  fs.rmSync(probe);
  return works;
}

interface Case {
  /** Path below in/, or an absolute builder-chosen path. */
  readonly rel: string;
  readonly make: (file: string) => void | Promise<void>;
  readonly expect: { status: 'ok' | 'failed' | 'skipped'; reason?: string; code?: string; message?: RegExp; warning?: RegExp };
}

const write =
  (data: Buffer | string | Promise<Buffer>) =>
  async (file: string): Promise<void> => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, await data);
  };
const link =
  (target: string) =>
  (file: string): void => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.symlinkSync(target, file);
  };
const isRoot = process.getuid?.() === 0;
const landscape = (): Buffer => fs.readFileSync(fixtures.landscapeJpg);
const pseudoRandom = (n: number): Buffer => {
  const b = Buffer.alloc(n);
  let x = 12345;
  for (let i = 0; i < n; i += 1) {
    x = (x * 1103515245 + 12345) % 2147483648;
    b[i] = x & 0xff;
  }
  return b;
};
const longName = `${'n'.repeat(251)}.jpg`; // 255 bytes, the limit of most file systems

const CASES: readonly Case[] = [
  // A reference file, and what links point to.
  { rel: 'valid/a.jpg', make: write(landscape()), expect: { status: 'ok' } },
  // Broken or disguised content: a record with the cause, and the batch goes on.
  { rel: 'broken/empty.jpg', make: write(Buffer.alloc(0)), expect: { status: 'failed', code: 'EMPTY_FILE', message: /empty \(0 bytes\)/ } },
  { rel: 'broken/text.png', make: write('just some text\n'), expect: { status: 'failed', code: 'UNSUPPORTED_FORMAT', message: /^text, not an image/ } },
  {
    rel: 'broken/random.jpg',
    make: write(pseudoRandom(4096)),
    expect: { status: 'failed', code: 'UNSUPPORTED_FORMAT', message: /not a recognised image: the content starts with/ },
  },
  {
    rel: 'broken/truncated.jpg',
    make: write(landscape().subarray(0, 40_000)),
    expect: { status: 'failed', code: 'DECODE_FAILED', message: /^cannot decode the JPEG image: it is truncated \(the image data has no end marker\)$/ },
  },
  {
    rel: 'broken/truncated.png',
    make: write(fs.readFileSync(fixtures.truncatedPng)),
    expect: { status: 'failed', code: 'DECODE_FAILED', message: /^cannot decode the PNG image: it is truncated \(the file ends inside its IDAT chunk\)$/ },
  },
  { rel: 'broken/garbage-before.jpg', make: write(Buffer.concat([pseudoRandom(64), landscape()])), expect: { status: 'failed', code: 'UNSUPPORTED_FORMAT' } },
  { rel: 'broken/garbage-after.jpg', make: write(Buffer.concat([landscape(), pseudoRandom(4096)])), expect: { status: 'ok' } },
  {
    rel: 'broken/bad-crc.png',
    make: write(h.pngBadCrc()),
    expect: { status: 'failed', code: 'DECODE_FAILED', message: /^cannot decode the PNG image: its IDAT chunk is damaged \(bad CRC\)$/ },
  },
  { rel: 'broken/corrupt-exif.jpg', make: write(h.jpegWithCorruptExif()), expect: { status: 'ok' } },
  { rel: 'broken/orientation-9.jpg', make: write(h.jpegWithOrientation(9)), expect: { status: 'ok' } },
  { rel: 'broken/jpeg-named.gif', make: write(landscape()), expect: { status: 'ok', warning: /the content is JPEG although the name says \.gif/ } },
  { rel: 'broken/iphone.jpg', make: write(h.heicHeader()), expect: { status: 'failed', code: 'UNSUPPORTED_FORMAT', message: /^HEIC image/ } },
  // Bombs: refused from their headers, fast and in little memory.
  { rel: 'bombs/100000x100000.png', make: write(h.pngHeaderBomb(100_000, 100_000)), expect: { status: 'failed', code: 'PIXEL_LIMIT' } },
  {
    rel: 'bombs/screen-65535.gif',
    make: write(h.gifScreenBomb(65535, 65535)),
    expect: { status: 'failed', code: 'PIXEL_LIMIT', message: /65535×65535 screen/ },
  },
  { rel: 'bombs/ztxt.png', make: write(h.pngZtxtBomb(64 << 20)), expect: { status: 'failed', code: 'DECOMPRESSION_BOMB', message: /zTXt chunk inflates/ } },
  { rel: 'bombs/canvas.svg', make: write(h.svgCanvas(200_000, 200_000)), expect: { status: 'skipped', reason: 'svg-not-allowed' } },
  // SVG only with --allow-svg, whatever the name says.
  { rel: 'svg/logo.svg', make: write(h.svgCanvas(32, 32)), expect: { status: 'skipped', reason: 'svg-not-allowed' } },
  { rel: 'svg/disguised.png', make: write(h.svgCanvas(32, 32)), expect: { status: 'skipped', reason: 'svg-not-allowed' } },
  // Odd but valid images.
  { rel: 'odd/cmyk.jpg', make: write(h.cmykJpeg()), expect: { status: 'ok' } },
  { rel: 'odd/16-bit.png', make: write(h.png16()), expect: { status: 'ok' } },
  { rel: 'odd/palette-trns.png', make: write(h.palettePngWithTransparency()), expect: { status: 'ok' } },
  { rel: 'odd/grey-alpha.png', make: write(h.greyAlphaPng()), expect: { status: 'ok' } },
  {
    rel: 'odd/display-p3.jpg',
    make: write(
      sharp({ create: { width: 16, height: 16, channels: 3, background: '#f00' } })
        .withIccProfile('p3')
        .jpeg()
        .toBuffer(),
    ),
    expect: { status: 'ok' },
  },
  { rel: 'odd/1x1.png', make: write(h.png(1, 1)), expect: { status: 'ok' } },
  { rel: 'odd/16000x50.png', make: write(h.png(16000, 50)), expect: { status: 'ok' } },
  { rel: 'odd/1x12000.png', make: write(h.png(1, 12000)), expect: { status: 'ok' } },
  { rel: 'odd/two-pages.tif', make: write(h.multiPageTiff()), expect: { status: 'ok', warning: /2 frames or pages: only the first was written/ } },
  { rel: 'odd/animated.gif', make: write(h.animated('gif', 3)), expect: { status: 'ok', warning: /3 frames or pages/ } },
  { rel: 'odd/animated.webp', make: write(h.animated('webp', 4)), expect: { status: 'ok', warning: /4 frames or pages/ } },
  // Names that break shells and terminals.
  { rel: 'names/with space.jpg', make: write(landscape()), expect: { status: 'ok' } },
  { rel: 'names/nfc/caf\u00e9.jpg', make: write(landscape()), expect: { status: 'ok' } },
  { rel: 'names/nfd/cafe\u0301.jpg', make: write(landscape()), expect: { status: 'ok' } },
  { rel: `names/it's "quoted".jpg`, make: write(landscape()), expect: { status: 'ok' } },
  { rel: 'names/$(touch PWNED).jpg', make: write(landscape()), expect: { status: 'ok' } },
  { rel: 'names/tab\there.jpg', make: write(landscape()), expect: { status: 'ok' } },
  { rel: 'names/new\nline.jpg', make: write(landscape()), expect: { status: 'ok' } },
  { rel: 'names/-leading-dash.jpg', make: write(landscape()), expect: { status: 'ok' } },
  { rel: `names/${longName}`, make: write(landscape()), expect: { status: 'ok' } },
  { rel: 'names/UPPER.JPG', make: write(landscape()), expect: { status: 'ok' } },
  { rel: 'names/folder.jpg/inside.png', make: write(h.png(8, 8)), expect: { status: 'ok' } },
  // Special files: never opened.
  { rel: 'special/fifo.jpg', make: (f) => execFileSync('mkfifo', [f]), expect: { status: 'skipped', reason: 'not-regular-file' } },
  {
    rel: 'special/socket.png',
    make: (f) =>
      new Promise<void>((resolve) => {
        const server = net.createServer().listen(f, () => {
          server.unref();
          resolve();
        });
      }),
    expect: { status: 'skipped', reason: 'not-regular-file' },
  },
  ...(isRoot
    ? [
        {
          rel: 'special/device.jpg',
          make: (f: string) => execFileSync('mknod', [f, 'c', '1', '3']),
          expect: { status: 'skipped' as const, reason: 'not-regular-file' },
        },
      ]
    : []),
  // Symbolic links.
  { rel: 'links/inside.jpg', make: link('../valid/a.jpg'), expect: { status: 'skipped', reason: 'duplicate' } },
  { rel: 'links/outside.jpg', make: link('../../outside/secret.jpg'), expect: { status: 'skipped', reason: 'outside-input-root' } },
  { rel: 'links/outside-folder', make: link('../../outside'), expect: { status: 'skipped', reason: 'outside-input-root' } },
  { rel: 'links/dangling.jpg', make: link('nowhere.jpg'), expect: { status: 'failed', code: 'DANGLING_SYMLINK' } },
  { rel: 'links/loop-a.jpg', make: link('loop-b.jpg'), expect: { status: 'failed', code: 'SYMLINK_LOOP' } },
  { rel: 'links/loop-b.jpg', make: link('loop-a.jpg'), expect: { status: 'failed', code: 'SYMLINK_LOOP' } },
];

describe('hostile inputs: one CLI run over every case', () => {
  const root = tempDir('imgbatch-hostile-');
  const inDir = path.join(root, 'in');
  const outside = path.join(root, 'outside');
  const out = path.join(root, 'out');
  const input = (c: Case): string => path.join(inDir, c.rel);
  let run: Run;
  let before: Map<string, string>;
  let byInput: Map<string, Json>;
  let canaryWorks = false;

  beforeAll(async () => {
    fs.mkdirSync(outside, { recursive: true });
    for (const c of CASES) {
      fs.mkdirSync(path.dirname(input(c)), { recursive: true });
      await c.make(input(c));
    }
    link('..')(path.join(inDir, 'links', 'up')); // a folder loop: never walked twice
    before = hashTree(inDir); // before the canaries are armed: hashing reads files
    canaryWorks = atimeWorks(outside);
    canary(path.join(outside, 'secret.jpg'), landscape());
    canary(path.join(outside, 'other.png'), await h.png(8, 8));
    run = await runCli(['thumbnail', 'in', '-r', '-o', 'out', '--size', '48', '-j', '2'], root);
    byInput = new Map(run.records.filter((r) => r['type'] === 'file').map((r) => [String(r['input']), r]));
  }, 120_000);

  test('exits 1 (some files failed) with a valid summary', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const summary = run.records.at(-1);
    expect(summary).toMatchObject({ type: 'summary', total: CASES.length, exitCode: 1, interrupted: false });
  });

  test('exactly one record per discovered path, and no other', () => {
    const inputs = run.records.filter((r) => r['type'] === 'file').map((r) => String(r['input']));
    expect(new Set(inputs).size).toBe(inputs.length);
    expect([...inputs].sort()).toEqual(CASES.map(input).sort());
  });

  test.each(CASES.map((c) => ({ ...c, name: JSON.stringify(c.rel), want: `${c.expect.status} ${c.expect.reason ?? c.expect.code ?? ''}` })))(
    '$name → $want',
    (c) => {
      const r = byInput.get(input(c));
      expect(r).toMatchObject({ status: c.expect.status });
      if (c.expect.reason !== undefined) expect(r?.['reason']).toBe(c.expect.reason);
      if (c.expect.code !== undefined) expect(r?.['error']).toMatchObject({ code: c.expect.code });
      if (c.expect.message !== undefined) expect(String((r?.['error'] as Json | undefined)?.['message'])).toMatch(c.expect.message);
      if (c.expect.warning !== undefined) expect(JSON.stringify(r?.['warnings'])).toMatch(c.expect.warning);
      if (c.expect.status === 'ok') expect(outputRecord(r)).toMatchObject({ width: 48, height: 48 });
    },
  );

  test('every output decodes to 48×48, and outputs mirror the input tree', async () => {
    const ok = run.records.filter((r) => r['status'] === 'ok');
    expect(listFiles(out)).toHaveLength(ok.length);
    for (const r of ok) {
      const output = outputRecord(r).path;
      expect(output.startsWith(out + path.sep)).toBe(true);
      const meta = await sharp(output).metadata();
      expect([meta.width, meta.height]).toEqual([48, 48]);
    }
  });

  test('no temporaries remain', () => {
    expect(listFiles(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('no input changed: same sha256 for every file, and nothing created by a file name', () => {
    expect(hashTree(inDir)).toEqual(before);
    expect(fs.existsSync(path.join(root, 'PWNED'))).toBe(false);
    expect(fs.existsSync(path.join(inDir, 'names', 'PWNED'))).toBe(false);
  });

  test('nothing outside the input root was read (atime canaries)', () => {
    if (!canaryWorks) {
      console.warn('atime is not updated on this file system (noatime): the outside-read check is skipped');
      return;
    }
    expect(wasRead(path.join(outside, 'secret.jpg'))).toBe(false);
    expect(wasRead(path.join(outside, 'other.png'))).toBe(false);
  });

  test('bombs are refused fast and in little memory', () => {
    for (const rel of ['bombs/100000x100000.png', 'bombs/screen-65535.gif', 'bombs/ztxt.png']) {
      expect(Number(byInput.get(path.join(inDir, rel))?.['ms'])).toBeLessThan(1000);
    }
    expect(run.peakRssMb).toBeLessThan(600);
  });

  test('NDJSON escapes names: the newline and tab names are one record each', () => {
    expect(byInput.get(path.join(inDir, 'names', 'new\nline.jpg'))?.['status']).toBe('ok');
    expect(byInput.get(path.join(inDir, 'names', 'tab\there.jpg'))?.['status']).toBe('ok');
  });
});

describe('hostile inputs: policies that need their own run', () => {
  test('--allow-svg: SVG is rendered, a 200000² canvas is a PIXEL_LIMIT, external references are never loaded', async () => {
    const root = tempDir('imgbatch-svg-');
    const outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(root, 'in'), { recursive: true });
    fs.mkdirSync(outside);
    const secret = path.join(outside, 'secret.png');
    canary(secret, await h.png(4, 4));
    let requests = 0;
    const server = net.createServer((socket) => {
      requests += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const xxe = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY leak SYSTEM "file://${secret}">]>`;
    const svg = (body: string): string =>
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40">${body}</svg>`;
    fs.writeFileSync(path.join(root, 'in', 'plain.svg'), svg('<circle cx="20" cy="20" r="15" fill="teal"/>'));
    fs.writeFileSync(
      path.join(root, 'in', 'href-file.svg'),
      svg(`<image href="file://${secret}" width="40" height="40"/><image xlink:href="../outside/secret.png" width="40" height="40"/>`),
    );
    fs.writeFileSync(path.join(root, 'in', 'href-http.svg'), svg(`<image href="http://127.0.0.1:${port}/x.png" width="40" height="40"/>`));
    fs.writeFileSync(path.join(root, 'in', 'xxe.svg'), `${xxe}${svg('<text x="1" y="20">&leak;</text>')}`);
    fs.writeFileSync(path.join(root, 'in', 'canvas.svg'), h.svgCanvas(200_000, 200_000));
    const run = await runCli(['resize', 'in', '-o', 'out', '--allow-svg'], root);
    server.close();
    const by = new Map(run.records.filter((r) => r['type'] === 'file').map((r) => [path.basename(String(r['input'])), r]));
    expect(by.get('plain.svg')).toMatchObject({ status: 'ok', outputs: [{ width: 40, height: 40, path: path.join(root, 'out', 'plain.png') }] });
    expect(by.get('canvas.svg')).toMatchObject({ status: 'failed', error: { code: 'PIXEL_LIMIT' } });
    for (const name of ['href-file.svg', 'href-http.svg', 'xxe.svg']) expect(by.get(name)?.['status']).toMatch(/^(ok|failed)$/);
    expect(requests).toBe(0);
    if (atimeWorks(outside)) expect(wasRead(secret)).toBe(false);
    else console.warn('atime is not updated on this file system: the SVG outside-read check is skipped');
  });

  test('--follow-external-symlinks reads through links that leave the root', async () => {
    const root = tempDir('imgbatch-follow-');
    fs.mkdirSync(path.join(root, 'in'));
    fs.mkdirSync(path.join(root, 'outside'));
    fs.mkdirSync(path.join(root, 'outside', 'sub'));
    fs.writeFileSync(path.join(root, 'outside', 'x.jpg'), landscape());
    fs.writeFileSync(path.join(root, 'outside', 'sub', 'y.jpg'), landscape());
    fs.symlinkSync('../outside/x.jpg', path.join(root, 'in', 'x.jpg'));
    fs.symlinkSync('../outside/sub', path.join(root, 'in', 'ext'));
    fs.symlinkSync('../outside/sub/y.jpg', path.join(root, 'in', 'y-again.jpg'));
    const run = await runCli(['thumbnail', 'in', '-r', '-o', 'out', '--follow-external-symlinks'], root);
    expect(run.code).toBe(0);
    expect(listFiles(path.join(root, 'out'))).toEqual(['ext/y.jpg', 'x.jpg']);
    // Two links reaching the same outside file: processed once, the other reported as a duplicate.
    expect(run.records.find((r) => String(r['input']).endsWith('y-again.jpg'))).toMatchObject({ status: 'skipped', reason: 'duplicate' });
  });

  test('--max-pixels: an image exactly at the limit works, one pixel over fails', async () => {
    const root = tempDir('imgbatch-limit-');
    fs.mkdirSync(path.join(root, 'in'));
    fs.writeFileSync(path.join(root, 'in', 'a.png'), await h.png(50, 40));
    const at = await runCli(['resize', 'in', '-o', 'out', '--max-pixels', '2000'], root);
    expect(at.records[0]).toMatchObject({ status: 'ok' });
    const over = await runCli(['resize', 'in', '-o', 'out2', '--max-pixels', '1999'], root);
    expect(over.records[0]).toMatchObject({ status: 'failed', error: { code: 'PIXEL_LIMIT' } });
  });

  test('HEIC and JPEG 2000 named explicitly fail naming the format; a .v file never reaches libvips', async () => {
    const root = tempDir('imgbatch-formats-');
    fs.writeFileSync(path.join(root, 'phone.heic'), h.heicHeader());
    fs.writeFileSync(
      path.join(root, 'scan.jp2'),
      Buffer.concat([Buffer.from([0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]), Buffer.alloc(64)]),
    );
    fs.writeFileSync(path.join(root, 'native.v'), Buffer.concat([Buffer.from([0xb6, 0xa6, 0xf2, 0x08]), Buffer.alloc(64)]));
    const run = await runCli(['resize', 'phone.heic', 'scan.jp2', 'native.v', '-o', 'out'], root);
    expect(run.code).toBe(1);
    const files = run.records.filter((r) => r['type'] === 'file').sort((a, b) => String(a['input']).localeCompare(String(b['input'])));
    const messages = files.map((r) => (r['error'] as Json)['message']);
    expect(messages).toEqual([
      expect.stringMatching(/^not a recognised image/),
      expect.stringMatching(/^HEIC image/),
      expect.stringMatching(/^JPEG 2000 image/),
    ]);
  });

  test('an output folder inside the input folder never feeds outputs back, also with -r', async () => {
    const root = tempDir('imgbatch-feedback-');
    fs.mkdirSync(path.join(root, 'in', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'in', 'a.jpg'), landscape());
    fs.writeFileSync(path.join(root, 'in', 'sub', 'b.jpg'), landscape());
    for (let i = 0; i < 2; i += 1) {
      const run = await runCli(['thumbnail', 'in', '-r', '-o', 'in/thumbs'], root);
      // From the second run on, the outputs are found, and reported as skipped, never processed.
      expect(run.records.at(-1)).toMatchObject({ total: 2 + 2 * i, ok: 2, skipped: 2 * i });
      for (const r of run.records.filter((x) => x['status'] === 'skipped')) expect(r['reason']).toBe('inside-output-root');
    }
    expect(listFiles(path.join(root, 'in'))).toEqual(['a.jpg', 'sub/b.jpg', 'thumbs/a.jpg', 'thumbs/sub/b.jpg']);
  });

  test('output = input by any route is refused before any work: same path, case alias, symlink, hard link', async () => {
    const root = tempDir('imgbatch-routes-');
    fs.mkdirSync(path.join(root, 'in'));
    fs.writeFileSync(path.join(root, 'in', 'a.jpg'), landscape());
    const hash = sha256(path.join(root, 'in', 'a.jpg'));
    fs.symlinkSync('in', path.join(root, 'alias'));
    fs.mkdirSync(path.join(root, 'hard'));
    fs.linkSync(path.join(root, 'in', 'a.jpg'), path.join(root, 'hard', 'a.jpg'));
    for (const outDir of ['in', 'IN', 'alias', 'hard']) {
      const run = await runCli(['resize', 'in', '-o', outDir], root);
      expect({ outDir, code: run.code }).toEqual({ outDir, code: 2 });
      expect(run.stderr).toMatch(/would overwrite an input/);
    }
    expect(sha256(path.join(root, 'in', 'a.jpg'))).toBe(hash);
  });

  test('stale temporaries: removed when their process is gone, kept while it runs or in another PID namespace', async () => {
    const root = tempDir('imgbatch-stale-');
    fs.mkdirSync(path.join(root, 'in'));
    fs.mkdirSync(path.join(root, 'out'));
    fs.writeFileSync(path.join(root, 'in', 'a.jpg'), landscape());
    const dead = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const { boot, pidns } = thisWriter();
    const deadTemp = path.join(root, 'out', `.a.jpg.imgbatch-${boot}-${pidns}-${dead}-0123456789ab.tmp`);
    const liveTemp = path.join(root, 'out', `.a.jpg.imgbatch-${boot}-${pidns}-${process.pid}-ba9876543210.tmp`);
    const otherNamespaceTemp = path.join(root, 'out', `.a.jpg.imgbatch-${boot}-${pidns + 1}-${dead}-0123456789ab.tmp`);
    for (const temp of [deadTemp, liveTemp, otherNamespaceTemp]) fs.writeFileSync(temp, 'partial');
    const run = await runCli(['resize', 'in', '-o', 'out'], root);
    expect(run.code).toBe(0);
    expect(fs.existsSync(deadTemp)).toBe(false);
    expect(fs.existsSync(liveTemp)).toBe(true);
    expect(fs.existsSync(otherNamespaceTemp)).toBe(true);
    expect(run.stderr).toMatch(/removed 1 temporary file\(s\) left by an interrupted earlier run/);
  });
});
