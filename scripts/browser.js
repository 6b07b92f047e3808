'use strict';
// The one place that finds and launches a headless Chromium for the report's tests
// (test/helpers/browser.ts) and for scripts/report-screenshot.js. Types: scripts/browser.d.ts.
// puppeteer-core downloads no browser: it drives the system's (Debian: `apt-get install chromium`).
const fs = require('node:fs');
const path = require('node:path');

/** The names tried on PATH, in order, when IMGBATCH_CHROMIUM is not set. */
const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

const isExecutable = (file) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * The browser to drive: IMGBATCH_CHROMIUM when set (an error if it names no executable file, since
 * whoever set it wants that browser), else the first of BROWSER_NAMES on PATH, else undefined.
 */
function findBrowser(env = process.env) {
  const chosen = env.IMGBATCH_CHROMIUM;
  if (chosen !== undefined && chosen !== '') {
    if (isExecutable(chosen)) return chosen;
    throw new Error(`Expected IMGBATCH_CHROMIUM to name an executable browser, but "${chosen}" is not an executable file`);
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const name of BROWSER_NAMES) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  return undefined;
}

/**
 * puppeteer's launch options. `--no-sandbox` only for root: Chromium refuses to start its sandbox
 * as root, and for any other user the sandbox stays on (the pages hold names from the user's files).
 * The host resolver maps every name to nothing, so the browser itself (not only the page, which
 * blockNetwork guards) reaches no network.
 */
function launchOptions(executablePath, uid = process.getuid?.()) {
  const args = ['--host-resolver-rules=MAP * ~NOTFOUND', '--disable-gpu', '--no-first-run', '--no-default-browser-check'];
  if (uid === 0) args.push('--no-sandbox');
  return { executablePath, headless: true, args };
}

const allowed = (url) => url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank';

/**
 * Aborts every request that is not file:, data:, blob: or about:blank (a report works offline, so a
 * page that asks for more is broken) and tells `onBlocked` its URL.
 */
async function blockNetwork(page, onBlocked) {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (allowed(url)) {
      void request.continue();
      return;
    }
    onBlocked(url);
    void request.abort('blockedbyclient');
  });
}

module.exports = { BROWSER_NAMES, findBrowser, launchOptions, blockNetwork, isAllowedUrl: allowed };
