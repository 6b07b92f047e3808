import { pathToFileURL } from 'node:url';
import { launch } from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import { blockNetwork, findBrowser, launchOptions } from '../../scripts/browser';

// A headless Chromium for the HTML report's tests, found and launched by scripts/browser.js (shared
// with scripts/report-screenshot.js). One browser per test file: `const browser = useBrowser()` at
// the top of a `describeWithBrowser` block launches it in beforeAll and closes it in afterAll.

/** The browser's path, or undefined: then `describeWithBrowser` skips its tests with a note. */
export const browserPath = findBrowser();
if (browserPath === undefined) {
  console.warn(
    'No Chromium (IMGBATCH_CHROMIUM, or chromium, chromium-browser, google-chrome on PATH): the browser tests are skipped (apt-get install chromium).',
  );
}
export const describeWithBrowser = browserPath === undefined ? describe.skip : describe;

/** What went wrong on a page: what a report's test expects to be empty. */
export interface PageProblem {
  readonly kind: 'console' | 'pageerror' | 'requestfailed' | 'blocked';
  readonly text: string;
}

export interface OpenedPage {
  readonly page: Page;
  /** Console errors, uncaught page errors, failed requests and blocked (non-file:, non-data:) requests. */
  readonly problems: PageProblem[];
  /** From navigation to the `load` event, in ms. */
  readonly openMs: number;
}

export interface BrowserHandle {
  /** The file's page, network blocked, after its `load` event. */
  openPage(file: string): Promise<OpenedPage>;
  /** Milliseconds the launch took. */
  readonly launchMs: () => number;
  /** The launched browser itself (scripts/report-screenshot.js takes one). */
  readonly browser: () => Browser;
}

/** Launches the browser in beforeAll and closes it (and its pages) in afterAll. */
export function useBrowser(): BrowserHandle {
  let browser: Browser | undefined;
  let launchMs = 0;
  beforeAll(async () => {
    if (browserPath === undefined) return;
    const start = performance.now();
    browser = await launch(launchOptions(browserPath));
    launchMs = performance.now() - start;
  });
  afterAll(async () => {
    await browser?.close();
  });
  const launched = (): Browser => {
    if (browser === undefined) throw new Error('Expected a launched browser: call useBrowser() inside describeWithBrowser');
    return browser;
  };
  return { launchMs: () => launchMs, browser: launched, openPage: async (file) => openPage(launched(), file) };
}

async function openPage(browser: Browser, file: string): Promise<OpenedPage> {
  const page = await browser.newPage();
  const problems: PageProblem[] = [];
  const blocked = new Set<string>();
  await blockNetwork(page, (url) => {
    blocked.add(url);
    problems.push({ kind: 'blocked', text: url });
  });
  page.on('console', (message) => {
    // The blocked request's own "Failed to load resource" line is already reported as 'blocked'.
    if (message.type() === 'error' && !blocked.has(message.location().url ?? '')) problems.push({ kind: 'console', text: message.text() });
  });
  page.on('pageerror', (error: unknown) => problems.push({ kind: 'pageerror', text: error instanceof Error ? error.message : String(error) }));
  page.on('requestfailed', (request) => {
    if (!blocked.has(request.url())) problems.push({ kind: 'requestfailed', text: `${request.url()}: ${request.failure()?.errorText ?? 'failed'}` });
  });
  const start = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems, openMs: performance.now() - start };
}

/** One `img` of the page after imagesLoaded: its src attribute, alt text and decoded width (0: broken). */
export interface PageImage {
  readonly src: string;
  readonly alt: string;
  readonly naturalWidth: number;
  /** False when it neither loaded nor failed in time (a lazy image never brought into view). */
  readonly settled: boolean;
}

// The page-side functions below run in Chromium, not in Node. tsconfig's lib has no DOM (src/ must
// not see one), so they see only these few declared names.
interface DomImage {
  readonly complete: boolean;
  readonly naturalWidth: number;
  readonly alt: string;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { readonly top: number; readonly bottom: number };
  scrollIntoView(options: { block: 'start' | 'center' }): void;
  addEventListener(type: 'load' | 'error', listener: () => void, options: { once: true }): void;
}
interface DomElement {
  readonly textContent: string | null;
}
declare const document: {
  querySelectorAll(selector: 'img'): ArrayLike<DomImage>;
  querySelector(selector: string): DomElement | null;
};
declare const window: { readonly innerHeight: number; requestAnimationFrame(callback: () => void): number };

/**
 * Every `img` of the page, each brought into view first (the report's previews load lazily), once
 * it has loaded or failed, or after `timeoutMs`. Scrolls only to images not yet in view, so a page
 * of 2,000 previews costs one scroll per screen, not per image.
 */
export async function imagesLoaded(page: Page, timeoutMs = 5000): Promise<PageImage[]> {
  return page.evaluate(async (timeout: number) => {
    const imgs = Array.from(document.querySelectorAll('img'));
    const done = new Set<DomImage>();
    const settle = (img: DomImage): Promise<void> =>
      new Promise((resolve) => {
        const mark = (): void => {
          done.add(img);
          resolve();
        };
        if (img.complete) mark();
        img.addEventListener('load', mark, { once: true });
        img.addEventListener('error', mark, { once: true });
      });
    const all = Promise.all(imgs.map(settle));
    const frame = (): Promise<void> => new Promise((resolve) => window.requestAnimationFrame(() => resolve()));
    for (const img of imgs) {
      if (img.complete) continue;
      const box = img.getBoundingClientRect();
      if (box.bottom > 0 && box.top < window.innerHeight) continue;
      img.scrollIntoView({ block: 'start' });
      await frame();
      await frame();
    }
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, timeout))]);
    return imgs.map((img) => ({ src: img.getAttribute('src') ?? '', alt: img.alt, naturalWidth: img.naturalWidth, settled: done.has(img) }));
  }, timeoutMs);
}

/** The text content of the first element that matches `selector`, or undefined when none does. */
export async function textOf(page: Page, selector: string): Promise<string | undefined> {
  return page.evaluate((s: string) => document.querySelector(s)?.textContent ?? undefined, selector);
}
