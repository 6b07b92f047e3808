#!/usr/bin/env node
'use strict';
// A PNG of an HTML report as headless Chromium shows it, for the README:
//   node scripts/report-screenshot.js <report.html> <out.png> [--full-page]
// The first screen (1200×900: the summary, the time histogram and the start of the contact sheet)
// by default; --full-page for the whole page. It refuses (exit 1, nothing written) when the page
// logs an error, throws, asks for the network or has a broken image in the picture, so a broken
// report never becomes the README's picture. Types for the tests: scripts/report-screenshot.d.ts.
/* global document, window */
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { launch } = require('puppeteer-core');
const { blockNetwork, findBrowser, launchOptions } = require('./browser');

const VIEWPORT = { width: 1200, height: 900 };
const USAGE = 'Usage: node scripts/report-screenshot.js <report.html> <out.png> [--full-page]';

/** Waits for the images in the picture (all of them for a full page) to load or fail; returns the broken ones. */
function settleImages(fullPage, timeoutMs) {
  const imgs = Array.from(document.querySelectorAll('img')).filter((img) => {
    if (fullPage) img.loading = 'eager';
    const box = img.getBoundingClientRect();
    return fullPage || (box.bottom > 0 && box.top < window.innerHeight);
  });
  const settled = imgs.map((img) =>
    img.complete ? Promise.resolve() : new Promise((resolve) => ['load', 'error'].forEach((t) => img.addEventListener(t, resolve, { once: true }))),
  );
  const timeout = new Promise((resolve) => setTimeout(resolve, timeoutMs));
  return Promise.race([Promise.all(settled), timeout])
    .then(() => document.fonts.ready)
    .then(() => imgs.filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.getAttribute('src') ?? ''));
}

/**
 * Writes `out` (a PNG, atomically) from `report` in `browser`, or writes nothing and returns the
 * problems: console errors, page errors, failed or blocked requests, broken images in the picture.
 */
async function screenshotReport(browser, report, out, { fullPage = false, timeoutMs = 10000 } = {}) {
  const page = await browser.newPage();
  try {
    const problems = [];
    await page.setViewport(VIEWPORT);
    await blockNetwork(page, (url) => problems.push(`blocked request: ${url}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
    page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()} (${r.failure()?.errorText ?? 'failed'})`));
    await page.goto(pathToFileURL(path.resolve(report)).href, { waitUntil: 'load', timeout: timeoutMs });
    const broken = await page.evaluate(settleImages, fullPage, timeoutMs);
    problems.push(...broken.map((src) => `broken image: ${src}`));
    if (problems.length > 0) return { ok: false, problems };
    const png = await page.screenshot({ type: 'png', fullPage });
    const tmp = `${out}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, png);
    fs.renameSync(tmp, out);
    return { ok: true, problems: [] };
  } finally {
    await page.close();
  }
}

async function main(argv) {
  const fullPage = argv.includes('--full-page');
  const positional = argv.filter((a) => a !== '--full-page');
  if (positional.length !== 2 || positional.some((a) => a.startsWith('-'))) {
    console.error(`Expected <report.html> <out.png> [--full-page], but received: ${argv.join(' ') || '(nothing)'}\n${USAGE}`);
    return 2;
  }
  const [report, out] = positional;
  if (!fs.existsSync(report)) {
    console.error(`Expected an HTML report, but ${report} does not exist`);
    return 2;
  }
  const executablePath = findBrowser();
  if (executablePath === undefined) {
    console.error('Expected a Chromium (IMGBATCH_CHROMIUM, or chromium, chromium-browser, google-chrome on PATH), but found none: apt-get install chromium');
    return 1;
  }
  const browser = await launch(launchOptions(executablePath));
  try {
    const result = await screenshotReport(browser, report, out, { fullPage });
    if (!result.ok) {
      console.error(`${report}: not written, the page has problems:\n  ${result.problems.join('\n  ')}`);
      return 1;
    }
    console.log(`${out}: ${fullPage ? 'the full page' : `the first ${VIEWPORT.width}×${VIEWPORT.height} screen`} of ${report}`);
    return 0;
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}

module.exports = { screenshotReport, VIEWPORT };
