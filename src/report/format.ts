import path from 'node:path';
import { isInside } from '../core/paths';
import { escapeControl } from '../core/names';
import type { JobResult, Summary } from '../core/types';

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

/** One human line per file: `✓ in → out  800×533  1.2 MB → 96 KB  43 ms`. */
export function formatResultLine(r: JobResult, cwd: string, style: Style = PLAIN): string {
  const input = displayPath(r.input, cwd);
  switch (r.status) {
    case 'ok': {
      const warn = (r.warnings ?? []).map((w) => `\n  ${style.skip('warning:')} ${escapeControl(w)}`).join('');
      return `${style.ok('✓')} ${input} → ${displayPath(r.output, cwd)}  ${r.width}×${r.height}  ${formatBytes(r.bytesIn)} → ${formatBytes(r.bytesOut)}  ${style.dim(formatMs(r.ms))}${warn}`;
    }
    case 'failed':
      return `${style.fail('✗')} ${input}: ${escapeControl(r.error.message)} ${style.dim(`[${r.error.code}]`)}`;
    case 'skipped':
      return `${style.skip('-')} ${input}: skipped (${r.reason})`;
    default: {
      const unreachable: never = r;
      return String(unreachable);
    }
  }
}

/** The human summary, three lines; `threads`: the worker threads the run started. */
export function formatSummary(s: Summary, threads: number, style: Style = PLAIN): string {
  const counts = `${style.ok(`${s.ok} ok`)}, ${s.failed > 0 ? style.fail(`${s.failed} failed`) : '0 failed'}, ${s.skipped} skipped`;
  const head = `${counts} in ${formatMs(s.wallMs)}${s.interrupted ? ' (interrupted)' : ''}`;
  const rate = `${s.filesPerSec} images/s · ${s.megapixelsPerSec} MP/s · ${s.mbPerSec} MB/s read · ${formatBytes(s.bytesIn)} → ${formatBytes(s.bytesOut)}`;
  const per = `per file p50 ${formatMs(s.p50Ms)}, p95 ${formatMs(s.p95Ms)} · ${s.avgInFlight} files in flight on average (-j ${threads})`;
  return `${head}\n${rate}\n${per}`;
}

/** The NDJSON record of one file (schema 1, see README). */
export function fileRecord(r: JobResult): Record<string, unknown> {
  const base = { type: 'file', input: r.input, output: r.output, status: r.status };
  switch (r.status) {
    case 'ok':
      return { ...base, ...(r.warnings ? { warnings: r.warnings } : {}), width: r.width, height: r.height, bytesIn: r.bytesIn, bytesOut: r.bytesOut, ms: r.ms };
    case 'failed':
      return { ...base, error: r.error, ...(r.warnings ? { warnings: r.warnings } : {}), bytesIn: r.bytesIn, ms: r.ms };
    case 'skipped':
      return { ...base, reason: r.reason, bytesIn: r.bytesIn, ms: r.ms };
    default: {
      const unreachable: never = r;
      return unreachable;
    }
  }
}

/** The last NDJSON record. */
export function summaryRecord(s: Summary): Record<string, unknown> {
  return {
    type: 'summary',
    schema: 1,
    total: s.total,
    ok: s.ok,
    failed: s.failed,
    skipped: s.skipped,
    wallMs: s.wallMs,
    filesPerSec: s.filesPerSec,
    megapixelsPerSec: s.megapixelsPerSec,
    bytesIn: s.bytesIn,
    bytesOut: s.bytesOut,
    p50Ms: s.p50Ms,
    p95Ms: s.p95Ms,
    interrupted: s.interrupted,
    exitCode: s.exitCode,
  };
}
