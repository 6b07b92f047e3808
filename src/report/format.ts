import path from 'node:path';
import { isInside } from '../core/paths';
import { escapeControl } from '../core/names';
import type { JobResult, OutputResult, Summary } from '../core/types';

export { escapeControl };

/** A path for people: relative to cwd when inside it, escaped. */
export function displayPath(file: string, cwd: string): string {
  return escapeControl(isInside(file, cwd) ? path.relative(cwd, file) : file);
}

/** 1234567 → "1.2 MB", 96000 → "96 KB" (decimal units, as file managers show). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let i = 0;
  // Move up a unit whenever the shown number would round to 1000 or more.
  while (i < units.length - 1 && (i === 0 ? value >= 1000 : value >= 999.5)) {
    value /= 1000;
    i += 1;
  }
  const shown = i === 0 ? String(value) : value < 9.95 ? value.toFixed(1) : String(Math.round(value));
  return `${shown} ${units[i] ?? 'B'}`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export interface Style {
  readonly ok: (s: string) => string;
  readonly fail: (s: string) => string;
  readonly skip: (s: string) => string;
  readonly dim: (s: string) => string;
}

const plain = (s: string): string => s;
export const PLAIN: Style = { ok: plain, fail: plain, skip: plain, dim: plain };
const ansi =
  (code: number) =>
  (s: string): string =>
    `\u001b[${code}m${s}\u001b[0m`;
export const COLOUR: Style = { ok: ansi(32), fail: ansi(31), skip: ansi(33), dim: ansi(2) };

/**
 * The human lines of one input: `✓ in → out  800×533  1.2 MB → 96 KB  43 ms` for one output; with
 * several, the input's size and totals, then one indented line per output.
 */
export function formatResultLine(r: JobResult, cwd: string, style: Style = PLAIN): string {
  const input = displayPath(r.input, cwd);
  const warn =
    (r.build === undefined ? '' : `  ${style.dim(`(${r.build})`)}`) +
    (r.status === 'skipped' ? '' : (r.warnings ?? []).map((w) => `\n  ${style.skip('warning:')} ${escapeControl(w)}`).join(''));
  switch (r.status) {
    case 'ok': {
      const [only] = r.outputs;
      if (r.outputs.length === 1 && only !== undefined) {
        return `${style.ok('✓')} ${input} → ${displayPath(only.path, cwd)}  ${only.width}×${only.height}  ${formatBytes(r.bytesIn)} → ${formatBytes(r.bytesOut)}  ${style.dim(formatMs(r.ms))}${atSource(only)}${warn}`;
      }
      const head = `${style.ok('✓')} ${input}  ${r.width}×${r.height} → ${r.outputs.length} outputs  ${formatBytes(r.bytesIn)} → ${formatBytes(r.bytesOut)}  ${style.dim(formatMs(r.ms))}`;
      return `${head}${outputLines(r.outputs, cwd)}${warn}`;
    }
    case 'failed':
      return `${style.fail('✗')} ${input}: ${escapeControl(r.error.message)} ${style.dim(`[${r.error.code}]`)}${outputLines(r.outputs, cwd)}${warn}`;
    case 'skipped':
      return `${style.skip('-')} ${input}: skipped (${r.reason})`;
    default: {
      const unreachable: never = r;
      return String(unreachable);
    }
  }
}

const atSource = (o: OutputResult): string => (o.atSourceWidth === true ? "  (the source's own width: never enlarged)" : '');

function outputLines(outputs: readonly OutputResult[], cwd: string): string {
  return outputs.map((o) => `\n    → ${displayPath(o.path, cwd)}  ${o.width}×${o.height}  ${formatBytes(o.bytes)}${atSource(o)}`).join('');
}

/** The human summary, three lines; `threads`: the worker threads the run started. */
export function formatSummary(s: Summary, threads: number, style: Style = PLAIN): string {
  const counts = `${style.ok(`${s.ok} ok`)}, ${s.failed > 0 ? style.fail(`${s.failed} failed`) : '0 failed'}, ${s.skipped} skipped`;
  const written = s.outputs === s.ok ? '' : ` (${s.outputs} outputs)`;
  const head = `${counts}${written} in ${formatMs(s.wallMs)}${s.interrupted ? ' (interrupted)' : ''}`;
  const rate = `${s.filesPerSec} images/s · ${s.megapixelsPerSec} MP/s · ${s.mbPerSec} MB/s read · ${formatBytes(s.bytesIn)} → ${formatBytes(s.bytesOut)}`;
  const per = `per file p50 ${formatMs(s.p50Ms)}, p95 ${formatMs(s.p95Ms)} · ${s.avgInFlight} files in flight on average (-j ${threads})`;
  return `${head}\n${rate}\n${per}`;
}
