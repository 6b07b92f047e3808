// Types of scripts/browser.js, for test/helpers/browser.ts (tsconfig has no allowJs).
import type { LaunchOptions, Page } from 'puppeteer-core';

export declare const BROWSER_NAMES: readonly string[];
export declare function findBrowser(env?: NodeJS.ProcessEnv): string | undefined;
export declare function launchOptions(executablePath: string, uid?: number): LaunchOptions & { executablePath: string };
export declare function blockNetwork(page: Page, onBlocked: (url: string) => void): Promise<void>;
export declare function isAllowedUrl(url: string): boolean;
