import { RECOMMEND_RULE, type BenchResult, type BenchRow, type BenchStart } from '../core/bench';
import { formatMs } from './format';

/** The columns of bench's table: header and right-aligned width. */
const COLUMNS = [
  ['-j', 4],
  ['wall time', 11],
  ['images/s', 10],
  ['speedup', 9],
  ['efficiency', 12],
] as const;

const cells = (values: readonly string[]): string =>
  values
    .map((v, i) => v.padStart(COLUMNS[i]?.[1] ?? 0))
    .join('')
    .trimEnd();

/** The table's header line. */
export function benchHeader(): string {
  return cells(COLUMNS.map(([name]) => name));
}

/** One row: `   2     1.20 s     33.33     1.67×        0.83`. */
export function benchRowLine(row: BenchRow): string {
  return cells([String(row.j), formatMs(row.wallMs), row.imagesPerSec.toFixed(2), `${row.speedup.toFixed(2)}×`, row.efficiency.toFixed(2)]);
}

/** What was sampled and what will run, before the table. */
export function benchIntro(s: BenchStart): string {
  const of = s.sample === s.found ? `all ${s.found} images` : `${s.sample} of ${s.found} images (evenly spaced in path order)`;
  const warm = s.warmup ? '; one warm-up run first, not shown' : '';
  return `bench: ${of}, at -j ${s.concurrencies.join(', ')} (${s.cores} ${s.cores === 1 ? 'core' : 'cores'})${warm}`;
}

/** The lines after the table: the recommendation and its rule, and what may weigh on it. */
export function benchVerdict(r: BenchResult): string[] {
  const lines: string[] = [];
  if (r.rows.length > 0) lines.push(`recommended: -j ${r.recommended} (${RECOMMEND_RULE})`);
  const failed = Math.max(0, ...r.rows.map((row) => row.failed));
  if (failed > 0) lines.push(`note: ${failed} of the ${r.sample} sampled images failed in a run; their time counts in the rows`);
  if (r.interrupted) lines.push(`interrupted: ${r.rows.length} of the runs finished${r.rows.length > 0 ? '; the recommendation is over those' : ''}`);
  return lines;
}

/** `--json`: one record per row. */
export function benchRowRecord(row: BenchRow): Record<string, unknown> {
  const { j, wallMs, imagesPerSec, speedup, efficiency, ok, failed, skipped } = row;
  return { type: 'bench-row', j, wallMs, imagesPerSec, speedup, efficiency, ok, failed, skipped };
}

/** `--json`: the last record, with the recommendation and the rule it follows. */
export function benchRecord(r: BenchResult): Record<string, unknown> {
  const { recommended, cores, sample, found, warmup, interrupted } = r;
  return { type: 'bench', recommended, rule: RECOMMEND_RULE, cores, sample, found, warmup, interrupted };
}
