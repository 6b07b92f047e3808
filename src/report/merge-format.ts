import { escapeControl } from '../core/names';
import { displayPath, formatBytes, formatMs, PLAIN, type Style } from './format';
import type { MergedRun, MergeReport } from './merge';

/** Lists longer than this show their first entries and how many more (`--json` lists them all). */
const SHOWN = 20;

function counts(r: { readonly ok: number; readonly failed: number; readonly skipped: number; readonly outputs: number }, style: Style): string {
  const failed = r.failed > 0 ? style.fail(`${r.failed} failed`) : '0 failed';
  return `${style.ok(`${r.ok} ok`)}, ${failed}, ${r.skipped} skipped${r.outputs === r.ok ? '' : ` (${r.outputs} outputs)`}`;
}

function runLine(r: MergedRun, style: Style): string {
  const head = `  ${escapeControl(r.report)}: ${counts(r, style)}`;
  const wall = r.wallMs === null ? '' : ` in ${formatMs(r.wallMs)}`;
  const end = r.exitCode === null ? '' : `${r.interrupted ? ' (interrupted)' : ''}, exit code ${r.exitCode}`;
  return `${head}${wall}${end}${r.incomplete === undefined ? '' : `, ${style.fail('incomplete')}: ${r.incomplete}`}`;
}

/** The first `SHOWN` lines, then how many more. */
function capped(lines: readonly string[]): string[] {
  return lines.length > SHOWN ? [...lines.slice(0, SHOWN), `… and ${lines.length - SHOWN} more (--json lists them all)`] : [...lines];
}

/** Said once when some run lacks what the merge would use: times (schema 1, no summary) or input sizes (schema 1). */
function notes(m: MergeReport): string[] {
  const untimed = m.runs.filter((r) => r.startedAt === null).map((r) => escapeControl(r.report));
  const old = m.runs.filter((r) => r.schema === 1).map((r) => escapeControl(r.report));
  const out: string[] = [];
  if (untimed.length === m.runs.length && m.runs.length > 1) {
    out.push('note: no run has start and end times (schema 1, or no summary): the span is the longest run');
  } else if (untimed.length > 0 && untimed.length < m.runs.length) {
    const they = untimed.length === 1 ? 'it' : 'they';
    out.push(`note: no start and end times in ${untimed.join(', ')}: the span assumes ${they} ran within the other runs'`);
  }
  if (old.length > 0) {
    const theirs = old.length === 1 ? "its summary's" : "their summaries'";
    out.push(`note: schema 1 records give no input sizes: the megapixels of ${old.join(', ')} are ${theirs} (MP/s × wall time)`);
  }
  return out;
}

/**
 * `imgbatch merge`'s report for people: the merged summary in three lines (like a run's), one line
 * per run, then the inputs reported twice, those expected but reported by none, and notes.
 */
export function formatMerge(m: MergeReport, cwd: string, style: Style = PLAIN): string {
  const s = m.summary;
  const span = s.startedAt === null || s.endedAt === null ? '' : ` (${s.startedAt} to ${s.endedAt})`;
  const head = `${m.runs.length} ${m.runs.length === 1 ? 'run' : 'runs'} merged: ${counts(s, style)} over ${formatMs(s.wallMs)}${span}${s.interrupted ? ' (interrupted)' : ''}`;
  const rate = `${s.filesPerSec} images/s · ${s.megapixelsPerSec} MP/s · ${s.mbPerSec} MB/s read · ${formatBytes(s.bytesIn)} → ${formatBytes(s.bytesOut)}`;
  const per = `per file p50 ${formatMs(s.p50Ms)}, p95 ${formatMs(s.p95Ms)} · exit code ${s.exitCode}`;
  const duplicates = m.duplicates.map(
    (d) => `${style.fail('duplicate:')} ${displayPath(d.input, cwd)}, reported by ${d.reports.map((r) => escapeControl(r)).join(', ')}`,
  );
  const missing = (m.missing ?? []).map((p) => `${style.fail('missing:')} ${displayPath(p, cwd)} (expected, reported by no run)`);
  return [head, rate, per, ...m.runs.map((r) => runLine(r, style)), ...capped(duplicates), ...capped(missing), ...notes(m)].join('\n');
}
