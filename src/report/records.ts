import type { PlannedAction, PrunedOutput } from '../core/build';
import type { JobResult, OutputResult, Summary } from '../core/types';
import type { PlannedInput } from '../batch/dry-run';
import type { MergedSummary, MergeReport } from './merge';

/**
 * The NDJSON records of `--json`, schema 2 (documented field by field in the README). The one
 * place records are made: every record kind is built here, and `recordLine` is how each is written.
 */
export const RECORD_SCHEMA = 2;

/** One output of an input's record. */
function outputRecord(o: OutputResult): Record<string, unknown> {
  return {
    path: o.path,
    format: o.format,
    width: o.width,
    height: o.height,
    bytes: o.bytes,
    ms: o.ms,
    ...(o.atSourceWidth === true ? { atSourceWidth: true } : {}),
  };
}

/** The record of one input: its outcome and every output written for it. */
export function fileRecord(r: JobResult): Record<string, unknown> {
  const base = { type: 'file', input: r.input, status: r.status, ...(r.build === undefined ? {} : { build: r.build }) };
  const outputs = r.outputs.map(outputRecord);
  switch (r.status) {
    case 'ok':
      return {
        ...base,
        ...(r.warnings ? { warnings: r.warnings } : {}),
        width: r.width,
        height: r.height,
        bytesIn: r.bytesIn,
        bytesOut: r.bytesOut,
        ms: r.ms,
        outputs,
      };
    case 'failed': {
      const size = r.width === undefined || r.height === undefined ? {} : { width: r.width, height: r.height };
      return { ...base, error: r.error, ...(r.warnings ? { warnings: r.warnings } : {}), ...size, bytesIn: r.bytesIn, ms: r.ms, outputs };
    }
    case 'skipped': {
      const kept = r.kept === undefined ? {} : { kept: { width: r.kept.width, height: r.kept.height, outputs: r.kept.outputs.map(outputRecord) } };
      return { ...base, reason: r.reason, bytesIn: r.bytesIn, ms: r.ms, outputs, ...kept };
    }
    default: {
      const unreachable: never = r;
      return unreachable;
    }
  }
}

/** The last record of a run (or the fields of a merged summary). */
export function summaryRecord(s: Summary | MergedSummary): Record<string, unknown> {
  return {
    type: 'summary',
    schema: RECORD_SCHEMA,
    total: s.total,
    ok: s.ok,
    failed: s.failed,
    skipped: s.skipped,
    outputs: s.outputs,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
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

/**
 * `imgbatch merge --json`'s one record: a summary record over every run, then `runs` (each run's own
 * counts), `duplicates` and, with `--expect`, `missing`.
 */
export function mergedSummaryRecord(m: MergeReport): Record<string, unknown> {
  return { ...summaryRecord(m.summary), runs: m.runs, duplicates: m.duplicates, ...(m.missing === undefined ? {} : { missing: m.missing }) };
}

/** A record as one NDJSON line. */
export function recordLine(record: Record<string, unknown>): string {
  return `${JSON.stringify(record)}\n`;
}

/** One output `prune` removed or left (`--prune`), and in a dry run, would. */
export function pruneRecord(p: PrunedOutput): Record<string, unknown> {
  return { type: 'prune', path: p.path, input: p.input, bytes: p.bytes, why: p.why, removed: p.removed, ...(p.kept === undefined ? {} : { kept: p.kept }) };
}

/** A dry run's record of one input: what a run would do to it. */
export function planRecord(p: PlannedInput): Record<string, unknown> {
  const { input, action, build, reason, error, outputs } = p;
  return { type: 'plan', input, action, ...(build ? { build } : {}), ...(reason ? { reason } : {}), ...(error ? { error } : {}), outputs };
}

/** A dry run's last record: how many inputs each action, and the outputs prune would remove. */
export function dryRunSummaryRecord(counts: Readonly<Record<PlannedAction, number>>, prune: number, exitCode: number): Record<string, unknown> {
  return { type: 'summary', schema: RECORD_SCHEMA, dryRun: true, total: Object.values(counts).reduce((a, b) => a + b, 0), ...counts, prune, exitCode };
}
