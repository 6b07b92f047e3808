// Types of scripts/report-screenshot.js, for its test in test/integration/browser-harness.test.ts.
import type { Browser } from 'puppeteer-core';

export declare const VIEWPORT: { readonly width: number; readonly height: number };
export declare function screenshotReport(
  browser: Browser,
  report: string,
  out: string,
  options?: { fullPage?: boolean; timeoutMs?: number },
): Promise<{ ok: boolean; problems: string[] }>;
