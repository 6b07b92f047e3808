import { RECOMMEND_RULE, type BenchResult, type BenchRow } from '../core/bench';
import { benchRowLine, benchHeader, benchVerdict } from './bench-format';
import { html } from './html-text';

const PANEL = { width: 520, height: 170, top: 34, bottom: 40, left: 16 } as const;

/** What one panel shows: its title, each row's value and how it is written, and the least top of its scale. */
interface Series {
  readonly title: string;
  readonly value: (r: BenchRow) => number;
  readonly floor: number;
}

/** One panel: a bar per row, its value above it and its `-j` below; the recommended row's bar outlined thick and labelled. */
function panel(rows: readonly BenchRow[], y0: number, { title, value, floor }: Series, recommended: number): string {
  const shown = (r: BenchRow): string => value(r).toFixed(2);
  const max = Math.max(1e-9, floor, ...rows.map(value));
  const plot = PANEL.height - PANEL.top - PANEL.bottom;
  const slot = (PANEL.width - 2 * PANEL.left) / Math.max(1, rows.length);
  const base = y0 + PANEL.top + plot;
  const bars = rows.map((r, i) => {
    const h = Math.round((value(r) / max) * plot);
    const x = Math.round(PANEL.left + i * slot + slot * 0.2);
    const w = Math.max(4, Math.round(slot * 0.6));
    const mid = x + w / 2;
    const mark = r.j === recommended;
    const label = `-j ${r.j}: ${shown(r)}${mark ? ' (recommended)' : ''}`;
    return [
      `<g class="bar"><title>${html(label)}</title>`,
      `<rect x="${x}" y="${base - h}" width="${w}" height="${h}" fill="#888" stroke="#000" stroke-width="${mark ? 3 : 1}"/>`,
      `<text x="${mid}" y="${base - h - 4}" text-anchor="middle">${html(shown(r))}</text>`,
      `<text x="${mid}" y="${base + 16}" text-anchor="middle">-j ${r.j}</text>`,
      mark ? `<text x="${mid}" y="${base + 32}" text-anchor="middle" font-weight="bold">recommended</text>` : '',
      '</g>',
    ].join('');
  });
  const axis = `<line x1="${PANEL.left}" y1="${base}" x2="${PANEL.width - PANEL.left}" y2="${base}" stroke="#000"/>`;
  return `<text x="${PANEL.left}" y="${y0 + 18}" font-weight="bold">${html(title)}</text>${axis}${bars.join('')}`;
}

/**
 * The bench as a self-contained inline SVG: one panel of images/s and one of parallel efficiency,
 * a bar per `-j` with its value written on it, so it reads without colour; every text escaped.
 */
export function benchChartSvg(result: BenchResult): string {
  const height = 2 * PANEL.height;
  const desc = `${result.rows.map((r) => `-j ${r.j}: ${r.imagesPerSec} images/s, efficiency ${r.efficiency}`).join('; ')}. Recommended -j ${result.recommended}: ${RECOMMEND_RULE}.`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${PANEL.width} ${height}" width="${PANEL.width}" height="${height}" role="img" aria-labelledby="bench-title bench-desc" font-family="sans-serif" font-size="12">`,
    `<title id="bench-title">Throughput and parallel efficiency per -j</title>`,
    `<desc id="bench-desc">${html(desc)}</desc>`,
    panel(result.rows, 0, { title: 'Images per second', value: (r) => r.imagesPerSec, floor: 0 }, result.recommended),
    panel(result.rows, PANEL.height, { title: 'Parallel efficiency (speedup ÷ j)', value: (r) => r.efficiency, floor: 1 }, result.recommended),
    '</svg>',
  ].join('\n');
}

/**
 * `bench --report`'s page: the table and the chart, self-contained (no script, no fetch). One
 * function on purpose, to be replaced by the full report's renderer.
 */
export function benchReportHtml(result: BenchResult, command: string): string {
  const table = [benchHeader(), ...result.rows.map(benchRowLine)].join('\n');
  const verdict = benchVerdict(result).map((line) => `<p>${html(line)}</p>`);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>imgbatch bench</title>',
    '<style>body{font-family:sans-serif;margin:2em;max-width:60em}pre{font-size:14px}</style></head><body>',
    `<h1>imgbatch bench</h1><p><code>${html(command)}</code></p>`,
    `<p>${result.sample} of ${result.found} images, ${result.cores} cores${result.warmup ? ', after one warm-up run' : ''}.</p>`,
    `<pre>${html(table)}</pre>`,
    ...verdict,
    `<figure>${benchChartSvg(result)}</figure>`,
    '</body></html>',
    '',
  ].join('\n');
}
