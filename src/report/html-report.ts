import path from 'node:path';
import { MAX_PREVIEWS, PREVIEW_SIZE } from '../core/preview';
import type { BatchReport, JobResult } from '../core/types';
import { formatMs } from './format';
import { histogramSection, problemsSection, slowestSection, summarySection, whyText, type PageContext } from './html-sections';
import { REPORT_CSS } from './html-style';
import { href, html, shownPath } from './html-text';

/**
 * The HTML report (`--report`): one self-contained page, pure (a string from a run's report). No
 * script, no network, no font: it opens offline and works without JavaScript. Previews are
 * `loading="lazy"` images relative to the page, so a 10,000-input page stays quick.
 *
 * Stable hooks for tests and tools (kept as they are across releases):
 * - `[data-summary] [data-count=total|ok|failed|skipped|outputs]`: the counts, as plain integers;
 * - `[data-interrupted]`: present only when the run was interrupted (a banner at the top);
 * - sections `#summary`, `#histogram` (`[data-bucket]` rows), `#slowest`, `#problems`
 *   (`[data-problem][data-status]` rows), `#sheet`, `#inputs`, plus those of `sections`;
 * - `#sheet [data-card][data-status]`, one per input on the contact sheet, `img[data-preview=before|after]`
 *   its previews, `[data-left-out]` the number of inputs without a card (present only when some are);
 * - `#inputs [data-input][data-status=ok|failed|skipped]`: one row per input, every input.
 */

/** A section another part of imgbatch adds to the page (e.g. a benchmark chart): its markup is trusted. */
export interface ExtraSection {
  readonly id: string;
  readonly title: string;
  readonly html: string;
}

export interface RenderOptions {
  /** Where the page will be written (absolute): links and previews are relative to its folder. */
  readonly file: string;
  /** Names are shown relative to this folder when inside it (default: the page's folder). */
  readonly cwd?: string;
  /** The page's title (default: "imgbatch report"). */
  readonly title?: string;
  /** Sections placed after the summary. */
  readonly sections?: readonly ExtraSection[];
}

/** Pure: the report page of a run. */
export function renderHtmlReport(report: BatchReport, o: RenderOptions): string {
  const folder = path.dirname(o.file);
  const c: PageContext = { folder, cwd: o.cwd ?? folder };
  const { results, summary } = report;
  const extra = o.sections ?? [];
  const parts: [string, string][] = [
    ['summary', 'Summary'],
    ...extra.map((s): [string, string] => [s.id, s.title]),
    ['histogram', 'Time per file'],
    ['slowest', 'Slowest files'],
    ['problems', 'Failures and skips'],
    ['sheet', 'Contact sheet'],
    ['inputs', 'Every input'],
  ];
  const nav = parts.map(([id, title]) => `<li><a href="#${html(id)}">${html(title)}</a></li>`).join('');
  const title = o.title ?? 'imgbatch report';
  const banner = summary.interrupted
    ? '<p class="interrupted" role="alert" data-interrupted>Interrupted: this run was stopped before every input was processed; inputs not started are listed as skipped (interrupted).</p>'
    : '';
  const sections = [
    summarySection(summary),
    ...extra.map((s) => `<section id="${html(s.id)}" aria-labelledby="${html(s.id)}-h"><h2 id="${html(s.id)}-h">${html(s.title)}</h2>${s.html}</section>`),
    histogramSection(results),
    slowestSection(results, c),
    problemsSection(results, c),
    sheetSection(results, c),
    inputsSection(results, c),
  ];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'">`,
    `<title>${html(title)}${summary.interrupted ? ' (interrupted)' : ''}</title><style>${REPORT_CSS}</style></head>`,
    `<body><a class="skip" href="#main">Skip to the report</a><header><h1>${html(title)}</h1>${banner}`,
    `<p class="muted">${html(`${summary.total} inputs, ended ${summary.endedAt}.`)} This page holds the inputs' paths and small previews of them.</p>`,
    `<nav aria-label="Sections"><ul>${nav}</ul></nav></header>`,
    `<main id="main" tabindex="-1">${sections.join('\n')}</main></body></html>`,
    '',
  ].join('\n');
}

/** The cards of the contact sheet: inputs with previews first (in record order), then the others, at most `MAX_PREVIEWS`. */
export function sheetCards(results: readonly JobResult[]): JobResult[] {
  return [...results.filter((r) => r.preview !== undefined), ...results.filter((r) => r.preview === undefined)].slice(0, MAX_PREVIEWS);
}

function frame(file: string | undefined, alt: string, kind: 'before' | 'after', c: PageContext, link?: string): string {
  if (file === undefined) return '<div class="frame muted">no preview</div>';
  const img = `<img data-preview="${kind}" src="${href(file, c.folder)}" alt="${alt}" width="${PREVIEW_SIZE}" height="${PREVIEW_SIZE}" loading="lazy" decoding="async">`;
  return `<div class="frame">${link === undefined ? img : `<a href="${href(link, c.folder)}">${img}</a>`}</div>`;
}

function card(r: JobResult, c: PageContext): string {
  const name = shownPath(r.input, c.cwd);
  const first = r.outputs[0]?.path;
  const before = frame(r.preview?.before, `before: ${name}`, 'before', c);
  const after =
    r.status === 'ok' ? frame(r.preview?.after, `after: ${name}`, 'after', c, first) : `<div class="frame status-${r.status}">${html(whyText(r))}</div>`;
  return (
    `<li class="card" data-card data-status="${r.status}"><p class="name">${name}</p><p><span class="status status-${r.status}">${r.status}</span> ${html(formatMs(r.ms))}</p>` +
    `<div class="pair"><figure>${before}<figcaption>before</figcaption></figure><figure>${after}<figcaption>after</figcaption></figure></div></li>`
  );
}

function sheetSection(results: readonly JobResult[], c: PageContext): string {
  const cards = sheetCards(results);
  const left = results.length - cards.length;
  const note =
    left > 0
      ? `<p><strong data-left-out="${left}">${left}</strong> inputs are not on the contact sheet, which shows at most ${MAX_PREVIEWS}; <a href="#inputs">every input</a> is listed below.</p>`
      : '';
  const body = cards.length === 0 ? '<p>No inputs.</p>' : `<ul class="sheet">${cards.map((r) => card(r, c)).join('')}</ul>`;
  return `<section id="sheet" aria-labelledby="sheet-h"><h2 id="sheet-h">Contact sheet</h2><p class="muted">Each preview links to its full output.</p>${note}${body}</section>`;
}

function inputRow(r: JobResult, c: PageContext): string {
  const outputs = r.outputs.map((o) => `<a href="${href(o.path, c.folder)}">${shownPath(o.path, c.cwd)}</a>`).join('<br>');
  return `<tr data-input data-status="${r.status}"><td class="name">${shownPath(r.input, c.cwd)}</td><td class="status status-${r.status}">${r.status}</td><td class="num">${html(formatMs(r.ms))}</td><td class="name">${outputs || html(whyText(r))}</td></tr>`;
}

function inputsSection(results: readonly JobResult[], c: PageContext): string {
  const rows = results.map((r) => inputRow(r, c)).join('\n');
  return (
    `<section id="inputs" aria-labelledby="inputs-h"><h2 id="inputs-h">Every input (${results.length})</h2>` +
    `<table><thead><tr><th scope="col">Input</th><th scope="col">Status</th><th scope="col" class="num">Time</th><th scope="col">Outputs, or why none</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}
