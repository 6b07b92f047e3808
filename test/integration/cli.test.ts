import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fixtures, listFiles, repoRoot, tempDir, writeTree } from '../helpers/fixtures';
import { bin, bytesReadBy, firstChildOf, parseLines, shellStatus, startBin, until } from '../helpers/spawn-bin';
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

function cli(args: readonly string[], cwd = repoRoot): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: undefined } });
}

describe('imgbatch CLI (spawned)', () => {
  test('the README command: resize fixtures/photos → exit 0, a ✓ line per file and a summary', () => {
    const out = tempDir();
    const r = cli(['resize', 'fixtures/photos', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('✓ '))).toHaveLength(5);
    expect(r.stdout).toMatch(/✓ fixtures\/photos\/landscape\.jpg → .*landscape\.jpg {2}600×450 {2}139 KB → \d+ KB {2}\d+ ms/);
    expect(r.stdout).toMatch(/^5 ok, 0 failed, 0 skipped in \d/m);
    expect(r.stdout).toMatch(/images\/s · [\d.]+ MP\/s · [\d.]+ MB\/s read/);
    expect(r.stdout).toMatch(/per file p50 \d+ ms, p95 \d+ ms · [\d.]+ files in flight on average/);
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colour when stdout is not a terminal
    expect(listFiles(out)).toHaveLength(5);
  });

  test('a failing file → exit 1, ✗ line with the cause, the other files still written', () => {
    const out = tempDir();
    const r = cli(['thumbnail', fixtures.badDir, fixtures.landscapeJpg, '-o', out, '--size', '40']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/✗ fixtures\/bad\/corrupt\.jpg: cannot decode the JPEG image.*\[DECODE_FAILED\]/);
    expect(r.stdout).toMatch(/✗ fixtures\/bad\/not-an-image\.png: text, not an image/);
    expect(r.stdout).toMatch(/^1 ok, 3 failed, 0 skipped/m);
    expect(listFiles(out)).toEqual(['landscape.jpg']);
  });

  test.each<{ name: string; args: (out: string) => string[]; stderr: RegExp }>([
    { name: 'non-numeric --width', args: (o) => ['resize', 'fixtures/photos', '-o', o, '--width', 'abc'], stderr: /Expected a positive integer for --width but received "abc"/ },
    { name: 'zero --size', args: (o) => ['thumbnail', 'fixtures/photos', '-o', o, '--size', '0'], stderr: /Expected a positive integer for --size but received "0"/ },
    { name: '--quality out of range', args: (o) => ['resize', 'fixtures/photos', '-o', o, '-q', '101'], stderr: /Expected an integer from 1 to 100 for --quality but received "101"/ },
    { name: 'unknown --format', args: (o) => ['resize', 'fixtures/photos', '-o', o, '--format', 'bmp'], stderr: /Expected one of keep, jpeg \(or jpg\), png, webp, avif, in any case for --format but received "bmp"/ },
    { name: 'unknown --optimize-coding', args: (o) => ['resize', 'fixtures/photos', '-o', o, '--optimize-coding', 'yes'], stderr: /Expected auto, on or off for --optimize-coding but received "yes"/ },
    { name: 'unknown filter', args: (o) => ['filter', 'blur', 'fixtures/photos', '-o', o], stderr: /Expected one of grayscale, sepia for the filter but received "blur"/ },
    { name: 'every issue at once', args: (o) => ['resize', 'fixtures/photos', '-o', o, '--width', 'x', '-j', '0'], stderr: /--width but received "x"[\s\S]*--concurrency but received "0"/ },
    { name: 'missing -o', args: () => ['resize', 'fixtures/photos'], stderr: /Expected an output folder: add -o <dir>\nRun "imgbatch resize --help" for usage\./ },
    { name: 'unknown flag', args: (o) => ['resize', 'fixtures/photos', '-o', o, '--colour'], stderr: /Unknown argument: colour/ },
    { name: 'no command', args: () => [], stderr: /Expected a command \(resize, filter or thumbnail\) but received none/ },
    { name: 'no inputs found', args: (o) => ['resize', 'fixtures/nothing-here/*.jpg', '-o', o], stderr: /Expected at least one image but found none\. Looked in:\n {2}glob "fixtures\/nothing-here\/\*\.jpg"/ },
  ])('usage error: $name → exit 2, a message saying what was expected, nothing written', ({ args, stderr }) => {
    const out = path.join(tempDir(), 'out');
    const r = cli(args(out));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(stderr);
    expect(r.stdout).toBe('');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('--optimize-coding on writes smaller JPEGs than off, with the same pixels; auto picks per file', async () => {
    const size = (mode: string): { bytes: number; out: string } => {
      const out = path.join(tempDir(), 'out');
      const r = cli(['filter', 'grayscale', fixtures.landscapeJpg, '-o', out, '--optimize-coding', mode, '--quiet']);
      expect(r.status).toBe(0);
      return { bytes: fs.statSync(path.join(out, 'landscape.jpg')).size, out: path.join(out, 'landscape.jpg') };
    };
    const on = size('on');
    const off = size('off');
    expect(on.bytes).toBeLessThan(off.bytes);
    // A filter keeps every pixel: auto writes the standard tables.
    expect(size('auto').bytes).toBe(off.bytes);
    const { default: sharp } = await import('sharp');
    const [a, b] = await Promise.all([sharp(on.out).raw().toBuffer(), sharp(off.out).raw().toBuffer()]);
    expect(a.equals(b)).toBe(true);
  });

  test('colliding outputs → exit 2 listing the group and suggesting --suffix or --format', () => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'a.jpg'));
    fs.copyFileSync(fixtures.alphaPng, path.join(dir, 'A.png'));
    const out = path.join(tempDir(), 'out');
    const r = cli(['resize', dir, '-o', out, '--format', 'jpeg']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/1 output name is shared/);
    expect(r.stderr).toMatch(/A\.png, .*a\.jpg|a\.jpg, .*A\.png/);
    expect(r.stderr).toMatch(/--suffix/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('--json: NDJSON only on stdout, one record per file, the summary last', () => {
    const out = tempDir();
    const r = cli(['filter', 'sepia', 'fixtures/photos', fixtures.badDir, '-r', '-o', out, '--json']);
    expect(r.status).toBe(1);
    const records = parseLines(r.stdout);
    const files = records.filter((x) => x['type'] === 'file');
    expect(files).toHaveLength(10);
    expect(records.at(-1)).toMatchObject({ type: 'summary', schema: 1, total: 10, ok: 7, failed: 3, skipped: 0, interrupted: false, exitCode: 1 });
    const summary = records.at(-1) ?? {};
    for (const key of ['wallMs', 'filesPerSec', 'megapixelsPerSec', 'bytesIn', 'bytesOut', 'p50Ms', 'p95Ms']) expect(typeof summary[key]).toBe('number');
    for (const f of files) {
      expect(path.isAbsolute(String(f['input']))).toBe(true);
      expect(typeof f['bytesIn']).toBe('number');
      expect(typeof f['ms']).toBe('number');
      if (f['status'] === 'ok') {
        expect(path.isAbsolute(String(f['output']))).toBe(true);
        expect(f).toEqual(expect.objectContaining({ width: expect.any(Number), height: expect.any(Number), bytesOut: expect.any(Number) }));
        expect(f).not.toHaveProperty('error');
      } else {
        expect(f['status']).toBe('failed');
        expect(f['output']).toBeNull();
        expect(f['error']).toEqual({ code: expect.any(String), message: expect.any(String) });
      }
    }
  });

  test('a reader that goes away (| head -1) does not crash the batch: every file is still written', async () => {
    const out = tempDir();
    const child = spawn(process.execPath, [bin, 'thumbnail', 'fixtures/photos', '-r', '-o', out, '--json', '-j', '1', '--size', '16'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
    expect(listFiles(out)).toHaveLength(7);
  });

  test('--quiet: nothing on stdout, only failures on stderr', () => {
    const out = tempDir();
    const r = cli(['resize', fixtures.badDir, fixtures.landscapeJpg, '-o', out, '--quiet']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(3);
    expect(r.stderr).toMatch(/✗ .*corrupt\.jpg/);
  });

  test('--skip-existing: second run skips with reason exists and exits 0', () => {
    const out = tempDir();
    expect(cli(['resize', fixtures.landscapeJpg, '-o', out]).status).toBe(0);
    const r = cli(['resize', fixtures.landscapeJpg, '-o', out, '--skip-existing', '--json']);
    expect(r.status).toBe(0);
    expect(parseLines(r.stdout)[0]).toMatchObject({ status: 'skipped', reason: 'exists' });
  });

  test('a name with a leading dash is an input after --', () => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, '-dash.jpg'));
    const out = tempDir();
    const r = cli(['thumbnail', '-o', out, '--size', '20', '--', '-dash.jpg'], dir);
    expect(r.status).toBe(0);
    expect(listFiles(out)).toEqual(['-dash.jpg']);
  });

  test('control characters in file names are escaped in human output', () => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'evil\nname\u001b[31m.jpg'));
    const r = cli(['thumbnail', dir, '-o', tempDir(), '--size', '20']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('evil\\nname\\x1b[31m.jpg');
    expect(r.stdout).not.toContain('\u001b');
  });

  test('--help of each command lists its flags and defaults; --version prints the version', () => {
    const top = cli(['--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/resize <inputs\.\.>[\s\S]*filter <filter> <inputs\.\.>[\s\S]*thumbnail <inputs\.\.>/);
    const resize = cli(['resize', '--help']).stdout;
    for (const flag of ['--out', '--recursive', '--concurrency', '--format', '--quality', '--optimize-coding', '--suffix', '--skip-existing', '--keep-metadata', '--json', '--quiet', '--progress', '--width', '--height']) {
      expect(resize).toContain(flag);
    }
    expect(resize).toMatch(/ignored for png, gif and tiff/);
    expect(resize).toMatch(/default: 85/);
    expect(cli(['thumbnail', '--help']).stdout).toMatch(/--size[\s\S]*default: 150/);
    const version = cli(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  describe.each<{ signal: NodeJS.Signals; code: number }>([
    { signal: 'SIGINT', code: 130 },
    { signal: 'SIGTERM', code: 143 },
  ])('$signal', ({ signal, code }) => {
    test(`stops dispatching, skips the rest as interrupted, keeps NDJSON valid, exits ${code}`, async () => {
      const dir = tempDir();
      const photo = fs.readFileSync(fixtures.landscapeJpg);
      writeTree(dir, Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`img${String(i).padStart(3, '0')}.jpg`, photo])));
      const out = tempDir();
      const child = spawn(process.execPath, [bin, 'resize', dir, '-o', out, '--json', '-j', '1', '--width', '300'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let sent = 0;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (sent === 0 && stdout.includes('"type":"file"')) {
          sent = Date.now();
          child.kill(signal);
        }
      });
      const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (c, sig) => resolve(shellStatus(c, sig))));
      expect(Date.now() - sent).toBeLessThan(5000);
      expect(exitCode).toBe(code);
      const records = parseLines(stdout);
      const files = records.filter((r) => r['type'] === 'file');
      expect(files).toHaveLength(300);
      const summary = records.at(-1);
      expect(summary).toMatchObject({ type: 'summary', interrupted: true, exitCode: code, total: 300 });
      const interrupted = files.filter((f) => f['reason'] === 'interrupted');
      expect(interrupted.length).toBeGreaterThan(0);
      const written = files.filter((f) => f['status'] === 'ok').map((f) => path.basename(String(f['output']))).sort();
      expect(listFiles(out)).toEqual(written);
    });
  });

  describe('interrupting a file that takes long', () => {
    const dir = tempDir();
    beforeAll(async () => {
      const { default: sharp } = await import('sharp');
      // 256 MP (under the 268 MP default limit): sepia at full size with optimised Huffman tables
      // takes several seconds (about 6 s here; 3 s with the standard tables).
      await sharp({ create: { width: 16000, height: 16000, channels: 3, background: '#886644' } })
        .jpeg({ quality: 50 })
        .toFile(path.join(dir, 'huge.jpg'));
      for (let i = 0; i < 3; i += 1) fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, `small${i}.jpg`));
    }, 60_000);

    /**
     * Starts the run and resolves once huge.jpg (sorted first, -j 1) is in flight: the worker
     * process has read more bytes than the file holds (its modules take well under 1 MB), and the
     * seconds of sepia and encoding follow.
     */
    const start = async (out: string) => {
      const run = startBin(['filter', 'sepia', dir, '-o', out, '--json', '-j', '1', '--optimize-coding', 'on']);
      const worker = await until(() => firstChildOf(run.child.pid ?? 0), run.exited);
      const size = fs.statSync(path.join(dir, 'huge.jpg')).size;
      expect(await until(() => (worker !== undefined && bytesReadBy(worker) >= size ? true : undefined), run.exited)).toBe(true);
      return run;
    };

    test('first SIGINT: the file in flight is stopped after the grace period, exit 130 within 5 s, no temporaries', async () => {
      const out = tempDir();
      const run = await start(out);
      const sent = Date.now();
      run.child.kill('SIGINT');
      const code = await run.exited;
      expect(Date.now() - sent).toBeLessThan(5000);
      expect(code).toBe(130);
      const records = parseLines(run.stdout());
      expect(records.find((r) => String(r['input']).endsWith('huge.jpg'))).toMatchObject({ status: 'skipped', reason: 'interrupted', output: null });
      expect(records.at(-1)).toMatchObject({ type: 'summary', interrupted: true, exitCode: 130, total: 4 });
      expect(listFiles(out)).toEqual([]);
    });

    test('second SIGINT: exits at once; no partial final file; the next run removes the leftover temporary', async () => {
      const out = tempDir();
      const run = await start(out);
      run.child.kill('SIGINT');
      await run.stderrMatch(/SIGINT: finishing the files in flight/);
      const sent = Date.now();
      run.child.kill('SIGINT');
      const code = await run.exited;
      expect(Date.now() - sent).toBeLessThan(1000);
      expect(code).toBe(130);
      expect(listFiles(out).filter((f) => !f.endsWith('.tmp'))).toEqual([]);
      // A later run cleans temporaries of the dead process (none may exist if it died before writing).
      const again = cli(['thumbnail', path.join(dir, 'small0.jpg'), '-o', out]);
      expect(again.status).toBe(0);
      expect(listFiles(out)).toEqual(['small0.jpg']);
    });
  });
});
