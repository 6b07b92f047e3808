/**
 * What only a real process shows: the bin's wiring (the README command, main's --version), a
 * reader that goes away (EPIPE), and SIGINT/SIGTERM. Everything else about the CLI runs in
 * process (cli-output.test.ts, cli-flags.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fixtures, listFiles, repoRoot, tempDir, writeTree } from '../helpers/fixtures';
import { svgCanvas } from '../helpers/hostile';
import { runCliInProcess } from '../helpers/run-cli';
import { outputRecord } from '../helpers/results';
import { parseLines, runBin, startBin } from '../helpers/spawn-bin';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

describe('imgbatch CLI (spawned)', () => {
  test('the README command: resize fixtures/photos → exit 0, a ✓ line per file and a summary', async () => {
    const out = tempDir();
    const r = await runBin(['resize', 'fixtures/photos', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('✓ '))).toHaveLength(5);
    expect(r.stdout).toMatch(/✓ fixtures\/photos\/landscape\.jpg → .*landscape\.jpg {2}600×450 {2}139 KB → \d+ KB {2}\d+ ms/);
    expect(r.stdout).toMatch(/^5 ok, 0 failed, 0 skipped in \d/m);
    expect(r.stdout).toMatch(/images\/s · [\d.]+ MP\/s · [\d.]+ MB\/s read/);
    expect(r.stdout).toMatch(/per file p50 \d+ ms, p95 \d+ ms · [\d.]+ files in flight on average/);
    // eslint-disable-next-line no-control-regex -- ESC is the start of the colour codes this looks for
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colour when stdout is not a terminal
    expect(listFiles(out)).toHaveLength(5);
  });

  test('--version and -V alone answer from main, before yargs loads', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runBin([flag]);
      expect({ flag, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ flag, code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
  });

  test('a reader that goes away (| head -1) does not crash the batch: every file is still written', async () => {
    const out = tempDir();
    const run = startBin(['thumbnail', 'fixtures/photos', '-r', '-o', out, '--json', '-j', '1', '--size', '16']);
    run.child.stdout.once('data', () => run.child.stdout.destroy());
    const code = await run.exited;
    expect(run.stderr()).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
    expect(listFiles(out)).toHaveLength(7);
  });

  describe.each<{ signal: NodeJS.Signals; code: number }>([
    { signal: 'SIGINT', code: 130 },
    { signal: 'SIGTERM', code: 143 },
  ])('$signal', ({ signal, code }) => {
    test(`stops dispatching, skips the rest as interrupted, keeps NDJSON valid, writes the report, exits ${code}`, async () => {
      const dir = tempDir();
      const photo = fs.readFileSync(fixtures.landscapeJpg);
      writeTree(dir, Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`img${String(i).padStart(3, '0')}.jpg`, photo])));
      const out = tempDir();
      const report = path.join(tempDir(), 'report.html');
      const run = startBin(['resize', dir, '-o', out, '--json', '-j', '1', '--width', '300', '--report', report]);
      let sent = 0;
      run.child.stdout.on('data', () => {
        if (sent === 0 && run.stdout().includes('"type":"file"')) {
          sent = Date.now();
          run.child.kill(signal);
        }
      });
      const exitCode = await run.exited;
      expect(Date.now() - sent).toBeLessThan(5000);
      expect(exitCode).toBe(code);
      const records = parseLines(run.stdout());
      const files = records.filter((r) => r['type'] === 'file');
      expect(files).toHaveLength(300);
      const summary = records.at(-1);
      expect(summary).toMatchObject({ type: 'summary', interrupted: true, exitCode: code, total: 300 });
      const interrupted = files.filter((f) => f['reason'] === 'interrupted');
      expect(interrupted.length).toBeGreaterThan(0);
      const written = files
        .filter((f) => f['status'] === 'ok')
        .map((f) => path.basename(outputRecord(f).path))
        .sort();
      expect(listFiles(out)).toEqual(written);
      // The HTML report is written on the signal too, marked interrupted, with the same counts.
      const page = fs.readFileSync(report, 'utf8');
      expect(page).toContain('data-interrupted');
      for (const key of ['total', 'ok', 'skipped']) expect(page).toContain(`<dd data-count="${key}">${String(summary?.[key])}</dd>`);
    });
  });

  describe('interrupting a file that takes long', () => {
    const dir = tempDir();
    /**
     * 256 MP from 124 bytes: sepia on the rasterised SVG and its PNG encoding take several seconds
     * (6.6 s here), and making it costs nothing. A 256 MP JPEG took 6.5 CPU-s to encode for each
     * jest run. The three small files sort first; with -j 1 the last one's record means the huge
     * file has been dispatched to the worker process, whose thread is then busy for seconds.
     */
    beforeAll(() => {
      fs.writeFileSync(path.join(dir, 'huge.svg'), svgCanvas(16_000, 16_000));
      for (let i = 0; i < 3; i += 1) fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, `a-small${i}.jpg`));
    });
    const smalls = ['a-small0.jpg', 'a-small1.jpg', 'a-small2.jpg'];

    const start = async (out: string) => {
      const run = startBin(['filter', 'sepia', dir, '-o', out, '--json', '-j', '1', '--allow-svg']);
      await run.stdoutMatch(/"input":"[^"]*a-small2\.jpg","status":"ok"/);
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
      expect(records.find((r) => String(r['input']).endsWith('huge.svg'))).toMatchObject({ status: 'skipped', reason: 'interrupted', outputs: [] });
      expect(records.at(-1)).toMatchObject({ type: 'summary', interrupted: true, exitCode: 130, total: 4, ok: 3 });
      expect(listFiles(out)).toEqual(smalls);
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
      expect(listFiles(out).filter((f) => !f.endsWith('.tmp'))).toEqual(smalls);
      // A later run cleans temporaries of the dead process (none may exist if it died before writing).
      const again = await runCliInProcess(['thumbnail', path.join(dir, 'a-small0.jpg'), '-o', out]);
      expect(again.code).toBe(0);
      expect(listFiles(out)).toEqual(smalls);
    });
  });
});
