import type { JobResult, Summary } from '../core/types';
import { formatBytes, formatMs } from './format';
import { html, shownPath } from './html-text';

/** Where the page is written and how names are shown (relative to `cwd`). */
export interface PageContext {
  /** The report's folder: links and previews are relative to it. */
  readonly folder: string;
  readonly cwd: string;
}

const COUNTS = ['total', 'ok', 'failed', 'skipped', 'outputs'] as const;

/** The summary: counts (`[data-count]`), time, throughput, bytes, and the run's end. */
export function summarySection(s: Summary): string {
  const counts = COUNTS.map((key) => `<div><dt>${key === 'total' ? 'inputs' : key}</dt><dd data-count="${key}">${s[key]}</dd></div>`).join('');
  const facts: [string, string][] = [
    ['Wall time', formatMs(s.wallMs)],
    ['Images per second', s.filesPerSec.toFixed(1)],
    ['Megapixels per second', s.megapixelsPerSec.toFixed(1)],
    ['Bytes in → out', `${formatBytes(s.bytesIn)} → ${formatBytes(s.bytesOut)}`],
    ['Time per file (p50 / p95)', `${formatMs(s.p50Ms)} / ${formatMs(s.p95Ms)}`],
    ['Started', s.startedAt],
    ['Ended', s.endedAt],
    ['Exit code', String(s.exitCode)],
    ['Interrupted', s.interrupted ? 'yes' : 'no'],
  ];
  const rows = facts.map(([k, v]) => `<tr><th scope="row">${html(k)}</th><td>${html(v)}</td></tr>`).join('');
  return `<section id="summary" data-summary aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2><dl class="counts">${counts}</dl><table>${rows}</table></section>`;
}

/** One bar of the histogram: files whose time is at least `from` and below `to` ms. */
export interface Bucket {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/** Bucket edges in ms, 1-2-5 steps: a file's time falls in the first bucket whose `to` is above it. */
const EDGES = [0, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, Infinity];

/** Pure: the per-file times in 1-2-5 buckets, from the first non-empty bucket to the last. */
export function histogram(times: readonly number[]): Bucket[] {
  const counts = EDGES.slice(1).map(() => 0);
  for (const ms of times) {
    const i = EDGES.findIndex((edge, at) => at > 0 && ms < edge) - 1;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const first = counts.findIndex((c) => c > 0);
  if (first < 0) return [];
  const last = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  return counts.slice(first, last + 1).map((count, k) => ({ from: EDGES[first + k] ?? 0, to: EDGES[first + k + 1] ?? Infinity, count }));
}

const edgeText = (ms: number): string => (ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`);

/** Times of the inputs that ran (ok and failed; skipped ones did no work). */
const ranTimes = (results: readonly JobResult[]): number[] => results.filter((r) => r.status !== 'skipped').map((r) => r.ms);

export function histogramSection(results: readonly JobResult[]): string {
  const buckets = histogram(ranTimes(results));
  const most = Math.max(1, ...buckets.map((b) => b.count));
  const rows = buckets.map((b) => {
    const label = b.to === Infinity ? `${edgeText(b.from)} or more` : `${edgeText(b.from)} to under ${edgeText(b.to)}`;
    const width = Math.round((b.count / most) * 100);
    return `<tr data-bucket><th scope="row">${label}</th><td><span class="bar" style="width:${width * 3}px" aria-hidden="true"></span>${b.count}</td></tr>`;
  });
  const body =
    rows.length === 0
      ? '<p>No file was processed.</p>'
      : `<table><caption class="muted">Files per time taken (ok and failed files)</caption><thead><tr><th scope="col">Time per file</th><th scope="col">Files</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<section id="histogram" aria-labelledby="histogram-h"><h2 id="histogram-h">Time per file</h2>${body}</section>`;
}

/** The ten inputs that took longest. */
export function slowestSection(results: readonly JobResult[], c: PageContext): string {
  const slow = results
    .filter((r) => r.status !== 'skipped')
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10);
  const rows = slow.map((r) => `<tr><td class="name">${shownPath(r.input, c.cwd)}</td><td>${r.status}</td><td class="num">${html(formatMs(r.ms))}</td></tr>`);
  const body =
    rows.length === 0
      ? '<p>No file was processed.</p>'
      : `<table><thead><tr><th scope="col">Input</th><th scope="col">Status</th><th scope="col" class="num">Time</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<section id="slowest" aria-labelledby="slowest-h"><h2 id="slowest-h">Slowest files</h2>${body}</section>`;
}

/** Why an input did not end ok, in words: the code and message of a failure, the reason of a skip. */
export function whyText(r: JobResult): string {
  if (r.status === 'failed') return `${r.error.code}: ${r.error.message}`;
  if (r.status === 'skipped') return `skipped: ${r.reason}`;
  return '';
}

/** Every failure and skip, with its code or reason and message. */
export function problemsSection(results: readonly JobResult[], c: PageContext): string {
  const rows = results.flatMap((r) => {
    if (r.status === 'ok') return [];
    const [code, message] = r.status === 'failed' ? [r.error.code, r.error.message] : [r.reason, ''];
    return [
      `<tr data-problem data-status="${r.status}"><td class="name">${shownPath(r.input, c.cwd)}</td><td class="status status-${r.status}">${r.status}</td><td>${html(code)}</td><td>${html(message)}</td></tr>`,
    ];
  });
  const body =
    rows.length === 0
      ? '<p>No failures and no skips.</p>'
      : `<table><thead><tr><th scope="col">Input</th><th scope="col">Status</th><th scope="col">Code or reason</th><th scope="col">Message</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<section id="problems" aria-labelledby="problems-h"><h2 id="problems-h">Failures and skips (${rows.length})</h2>${body}</section>`;
}
