import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createInlineRunner, runBatch } from '../../src';
import { fixtures, listFiles, reportInputs, tempDir, writeTree } from '../helpers/fixtures';
import { runCliInProcess } from '../helpers/run-cli';

/** The `src` of every preview image on the page, resolved against its folder. */
const previewFiles = (page: string, folder: string): string[] =>
  [...page.matchAll(/<img data-preview="(?:before|after)" src="([^"]+)"/g)].map((m) => path.join(folder, decodeURIComponent(m[1] ?? '')));

describe('--report <file.html>', () => {
  test('good, bad and skipped inputs: the page counts what the summary does, previews are real images, written atomically', async () => {
    const dir = reportInputs();
    const work = tempDir();
    const report = path.join(work, 'reports', 'run.html');
    const run = await runCliInProcess(['thumbnail', dir, '-o', path.join(work, 'out'), '--size', '64', '--report', report, '--json'], {
      inline: true,
      cwd: work,
    });
    expect(run.code).toBe(1);
    const summary = run.records.at(-1) ?? {};
    const page = fs.readFileSync(report, 'utf8');
    for (const key of ['total', 'ok', 'failed', 'skipped', 'outputs']) expect(page).toContain(`<dd data-count="${key}">${String(summary[key])}</dd>`);
    expect(summary).toMatchObject({ total: 6, ok: 3, failed: 2, skipped: 1 });
    // Records keep their schema: previews are the page's business.
    expect(run.records.filter((r) => 'preview' in r)).toEqual([]);
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;.jpg');
    const previews = previewFiles(page, path.dirname(report));
    // A before and an after per good input; a bad one fails before decoding gives any pixels.
    expect(previews).toHaveLength(6);
    for (const file of previews) {
      const meta = await sharp(file).metadata();
      expect(meta.format).toBe('webp');
      expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(160);
    }
    expect(listFiles(path.join(work, 'reports')).filter((f) => !f.endsWith('.webp'))).toEqual(['run.html']);
  });

  test('an interrupted run writes its report, marked interrupted', async () => {
    const dir = tempDir();
    writeTree(dir, Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`p${i}.jpg`, fs.readFileSync(fixtures.landscapeJpg)])));
    const work = tempDir();
    const file = path.join(work, 'r.html');
    const controller = new AbortController();
    const result = await runBatch(
      { inputs: [dir], out: path.join(work, 'out'), op: { op: 'thumbnail', size: 32 }, report: file },
      { runner: createInlineRunner(), signal: controller.signal, onResult: () => controller.abort('SIGINT') },
    );
    expect(result.summary).toMatchObject({ interrupted: true, exitCode: 130 });
    const page = fs.readFileSync(file, 'utf8');
    expect(page).toContain('data-interrupted');
    expect(page).toContain(`<dd data-count="skipped">${result.summary.skipped}</dd>`);
  });

  test.each([
    { name: 'an input', report: (dir: string) => path.join(dir, 'landscape.jpg'), expected: /--report file to be neither an input nor an output/ },
    {
      name: 'an output',
      report: (_dir: string, out: string) => path.join(out, 'landscape.jpg'),
      expected: /--report file to be neither an input nor an output/,
    },
  ])('the report may not be $name: exit 2, nothing written', async ({ report, expected }) => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'landscape.jpg'));
    const out = path.join(tempDir(), 'out');
    const run = await runCliInProcess(['thumbnail', dir, '-o', out, '--report', report(dir, out)], { inline: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(expected);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('--report with --dry-run is a usage error', async () => {
    const out = path.join(tempDir(), 'out');
    const run = await runCliInProcess(['thumbnail', fixtures.landscapeJpg, '-o', out, '--dry-run', '--report', path.join(out, 'r.html')], { inline: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Expected --report only without --dry-run');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a report inside an input folder: its previews are never inputs, of this run or the next', async () => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'a.jpg'));
    fs.copyFileSync(fixtures.barsWebp, path.join(dir, 'b.webp'));
    const out = path.join(tempDir(), 'out');
    const args = ['thumbnail', dir, '-r', '-o', out, '--size', '32', '--report', path.join(dir, 'report.html'), '--json'];
    const first = await runCliInProcess(args, { inline: true });
    expect(first.records.at(-1)).toMatchObject({ total: 2, ok: 2 });
    expect(fs.readdirSync(path.join(dir, 'report.html.files')).length).toBe(4);
    const second = await runCliInProcess(args, { inline: true });
    const skipped = second.records.filter((r) => r['status'] === 'skipped');
    expect(skipped.map((r) => [path.basename(path.dirname(String(r['input']))), r['reason']])).toEqual(
      Array(4).fill(['report.html.files', 'inside-output-root']),
    );
    expect(second.records.at(-1)).toMatchObject({ ok: 2, skipped: 4 });
  });
});
