/**
 * The HTML report (`--report`) opened in headless Chromium (Debian's `chromium` through
 * puppeteer-core; .ci/run installs it): a real run's page with good, bad and skipped inputs, and
 * a synthetic page of 10,000 inputs. Network is blocked; any console error, page error or failed
 * request is a problem.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { summarize } from '../../src/batch/metrics';
import type { BatchReport, JobResult } from '../../src/core/types';
import { writeHtmlReport } from '../../src/report/html-write';
import { describeWithBrowser, imagesLoaded, textOf, useBrowser } from '../helpers/browser';
import { fixtures, reportInputs, TAG_NAME, tempDir } from '../helpers/fixtures';
import { runCliInProcess } from '../helpers/run-cli';

const HOSTILE = TAG_NAME;

describeWithBrowser('the HTML report in headless Chromium', () => {
  const browser = useBrowser();

  test('a run with good, bad and skipped inputs: no problems, every preview loads, the counts are the summary, names are text', async () => {
    const dir = reportInputs();
    const work = tempDir('imgbatch-report-');
    const report = path.join(work, 'report.html');
    const run = await runCliInProcess(['resize', dir, '-o', path.join(work, 'out'), '--width', '200', '--report', report, '--json'], {
      inline: true,
      cwd: work,
    });
    const summary = run.records.at(-1) ?? {};
    expect(summary).toMatchObject({ total: 6, ok: 3, failed: 2, skipped: 1 });

    const { page, problems } = await browser.openPage(report);
    expect(problems).toEqual([]);
    for (const key of ['total', 'ok', 'failed', 'skipped', 'outputs']) {
      expect([key, await textOf(page, `[data-summary] [data-count=${key}]`)]).toEqual([key, String(summary[key])]);
    }
    const images = await imagesLoaded(page);
    // A before and an after for each good input; every one decoded by the browser.
    expect(images).toHaveLength(6);
    for (const img of images) expect({ src: img.src, loaded: img.settled && img.naturalWidth > 0 }).toEqual({ src: img.src, loaded: true });
    // The tag-like name is text on the page, not an element.
    const body = await page.evaluate('document.body.innerText');
    expect(String(body)).toContain(HOSTILE);
    expect(await page.evaluate('document.querySelectorAll("img:not([data-preview])").length')).toBe(0);
    const rows = (await page.evaluate(
      '[...document.querySelectorAll("#inputs [data-input]")].map((r) => r.getAttribute("data-status")).sort().join(" ")',
    )) as string;
    expect(rows).toBe('failed failed ok ok ok skipped');
    expect(problems).toEqual([]);
  });

  test('a 10,000-input report (synthetic records, 2,000 previews) opens in under 10 s', async () => {
    const work = tempDir('imgbatch-report-10k-');
    const report = path.join(work, 'big.html');
    const files = `${report}.files`;
    fs.mkdirSync(files);
    // One real preview, hard-linked under the names of the first 300 cards: previews load lazily, so
    // a page that has just opened asks only for those near the top (a request for a missing file
    // would be a failed request, which the test would report).
    const preview = path.join(work, 'preview.webp');
    await sharp(fixtures.landscapeJpg).resize(160).webp().toFile(preview);
    const results: JobResult[] = Array.from({ length: 10_000 }, (_, i): JobResult => {
      const input = path.join(work, 'photos', `${String(i).padStart(5, '0')}${i % 997 === 0 ? ' <b>bold</b>' : ''}.jpg`);
      const base = { input, bytesIn: 1000 + i, ms: (i % 300) + 0.5, outputs: [] };
      if (i % 50 === 1) return { ...base, status: 'failed', error: { code: 'DECODE_FAILED', message: 'cannot decode the JPEG image' } };
      if (i % 50 === 2) return { ...base, status: 'skipped', reason: 'not-regular-file' };
      const out = { path: path.join(work, 'out', path.basename(input)), format: 'jpeg' as const, width: 160, height: 120, bytes: 900, ms: 1 };
      if (i >= 2000) return { ...base, status: 'ok', bytesOut: 900, width: 600, height: 450, pixelsIn: 270_000, outputs: [out] };
      const [before, after] = ['before', 'after'].map((k) => path.join(files, `${String(i + 1).padStart(5, '0')}-${k}.webp`));
      if (i < 300) for (const file of [before, after]) fs.linkSync(preview, file ?? '');
      return { ...base, status: 'ok', bytesOut: 900, width: 600, height: 450, pixelsIn: 270_000, outputs: [out], preview: { before, after } } as JobResult;
    });
    const at = Date.now();
    const full: BatchReport = {
      results,
      summary: summarize(results, { wallMs: 60_000, startedAt: at, endedAt: at + 60_000, interrupted: false, interruptExitCode: 130, internalError: false }),
    };
    await writeHtmlReport(full, report);

    const { page, problems, openMs } = await browser.openPage(report);
    expect(problems).toEqual([]);
    expect(openMs).toBeLessThan(10_000);
    expect(await textOf(page, '[data-summary] [data-count=total]')).toBe('10000');
    expect(await page.evaluate('document.querySelectorAll("#inputs [data-input]").length')).toBe(10_000);
    expect(await page.evaluate('document.querySelectorAll("img[data-preview]").length')).toBe(2 * (2000 - 80));
    expect(await textOf(page, '[data-left-out]')).toMatch(/\d/);
    // A tag-like name is text (textContent: no layout of 10,000 rows needed), and makes no element.
    expect(await page.evaluate('[...document.querySelectorAll("#inputs [data-input]")].some((r) => r.textContent.includes("00000 <b>bold</b>.jpg"))')).toBe(
      true,
    );
    expect(await page.evaluate('document.querySelectorAll("b").length')).toBe(0);
  });
});
