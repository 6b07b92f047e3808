import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { findBrowser, isAllowedUrl, launchOptions } from '../../scripts/browser';
import { screenshotReport, VIEWPORT } from '../../scripts/report-screenshot';
import { describeWithBrowser, imagesLoaded, textOf, useBrowser } from '../helpers/browser';
import { fixtures, tempDir, writeTree } from '../helpers/fixtures';

// The harness the HTML report's tests stand on (test/helpers/browser.ts, scripts/browser.js), proved
// on small static pages: each thing a report test asserts must be seen when it goes wrong.

const page = (body: string): string => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;

describe('browser discovery and launch options (no browser needed)', () => {
  test.each([
    { uid: 0, sandbox: false },
    { uid: 1000, sandbox: true },
  ])('uid $uid: sandbox on = $sandbox', ({ uid, sandbox }) => {
    expect(launchOptions('/usr/bin/chromium', uid).args?.includes('--no-sandbox')).toBe(!sandbox);
  });

  test.each([
    { url: 'file:///tmp/r.html', allowed: true },
    { url: 'data:image/png;base64,AAAA', allowed: true },
    { url: 'http://example.invalid/x', allowed: false },
    { url: 'https://fonts.example/a.woff2', allowed: false },
    { url: 'ws://localhost:1', allowed: false },
  ])('$url allowed: $allowed', ({ url, allowed }) => {
    expect(isAllowedUrl(url)).toBe(allowed);
  });

  test('IMGBATCH_CHROMIUM wins, and naming no executable is an error, not a skip', () => {
    const dir = tempDir();
    const fake = path.join(dir, 'my-chrome');
    fs.writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
    expect(findBrowser({ IMGBATCH_CHROMIUM: fake, PATH: '' })).toBe(fake);
    expect(() => findBrowser({ IMGBATCH_CHROMIUM: path.join(dir, 'nope'), PATH: '' })).toThrow(/Expected IMGBATCH_CHROMIUM .* is not an executable file/);
  });

  test('on PATH: chromium before google-chrome; nothing found is undefined', () => {
    const dir = tempDir();
    for (const name of ['google-chrome', 'chromium']) fs.writeFileSync(path.join(dir, name), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'chromium-browser'), 'not executable', { mode: 0o644 });
    expect(findBrowser({ PATH: dir })).toBe(path.join(dir, 'chromium'));
    expect(findBrowser({ PATH: tempDir() })).toBeUndefined();
  });
});

describeWithBrowser('the headless-Chromium harness', () => {
  const browser = useBrowser();
  let dir = '';
  beforeAll(() => {
    dir = tempDir('imgbatch-browser-');
    writeTree(dir, {
      'console.html': page('<p>hi</p><script>console.error("boom from the page")</script>'),
      'images.html': page('<img id="good" src="good.png" alt="good"><img id="bad" src="missing.png" alt="bad">'),
      'lazy.html': page('<div style="height:20000px">tall</div><img src="good.png" loading="lazy" alt="far below">'),
      'network.html': page('<script>fetch("http://example.invalid/x").catch(() => {})</script>'),
      'escaped.html': page('<p id="name">&lt;img src=x onerror=&quot;document.title=&#39;owned&#39;&quot;&gt;.jpg</p>'),
      'clean.html': page('<h1>ok</h1>'),
    });
    fs.copyFileSync(fixtures.alphaPng, path.join(dir, 'good.png'));
  });

  test('a clean page has no problems, and the open time is measured', async () => {
    const { problems, openMs } = await browser.openPage(path.join(dir, 'clean.html'));
    expect(problems).toEqual([]);
    expect(openMs).toBeGreaterThan(0);
    expect(browser.launchMs()).toBeGreaterThan(0);
  });

  test('a console.error is reported', async () => {
    const { problems } = await browser.openPage(path.join(dir, 'console.html'));
    expect(problems).toEqual([{ kind: 'console', text: 'boom from the page' }]);
  });

  test('a broken image has naturalWidth 0 and a failed request; a real PNG decodes', async () => {
    const { page: p, problems } = await browser.openPage(path.join(dir, 'images.html'));
    expect(await imagesLoaded(p)).toEqual([
      { src: 'good.png', alt: 'good', naturalWidth: 320, settled: true },
      { src: 'missing.png', alt: 'bad', naturalWidth: 0, settled: true },
    ]);
    expect(problems).toContainEqual({ kind: 'requestfailed', text: expect.stringMatching(/missing\.png: net::ERR_FILE_NOT_FOUND$/) });
  });

  test('a lazy image far below the fold is loaded by imagesLoaded', async () => {
    const { page: p } = await browser.openPage(path.join(dir, 'lazy.html'));
    const before = await p.evaluate('document.querySelector("img").naturalWidth');
    expect(before).toBe(0);
    expect(await imagesLoaded(p)).toEqual([{ src: 'good.png', alt: 'far below', naturalWidth: 320, settled: true }]);
  });

  test('a request to http:// is blocked and reported', async () => {
    const { page: p, problems } = await browser.openPage(path.join(dir, 'network.html'));
    await p.waitForNetworkIdle({ idleTime: 50 });
    expect(problems).toEqual([{ kind: 'blocked', text: 'http://example.invalid/x' }]);
  });

  test('an escaped tag-like name reads back as text and creates no img', async () => {
    const { page: p, problems } = await browser.openPage(path.join(dir, 'escaped.html'));
    expect(await textOf(p, '#name')).toBe(`<img src=x onerror="document.title='owned'">.jpg`);
    expect(await imagesLoaded(p)).toEqual([]);
    expect(await p.title()).toBe('t');
    expect(problems).toEqual([]);
  });

  test('report-screenshot: the first screen as a PNG; a page with problems writes nothing', async () => {
    const out = path.join(dir, 'shot.png');
    expect(await screenshotReport(browser.browser(), path.join(dir, 'images.html'), out)).toEqual({
      ok: false,
      problems: expect.arrayContaining([expect.stringMatching(/^failed request: .*missing\.png/), 'broken image: missing.png']),
    });
    expect(fs.existsSync(out)).toBe(false);
    expect(await screenshotReport(browser.browser(), path.join(dir, 'lazy.html'), out, { fullPage: false })).toEqual({ ok: true, problems: [] });
    expect(await sharp(out).metadata()).toMatchObject({ format: 'png', width: VIEWPORT.width, height: VIEWPORT.height });
  });
});
