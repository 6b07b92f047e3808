import type { JobResult, OutputResult, Summary } from '../core/types';

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
  const base = { type: 'file', input: r.input, status: r.status };
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
    case 'skipped':
      return { ...base, reason: r.reason, bytesIn: r.bytesIn, ms: r.ms, outputs };
    default: {
      const unreachable: never = r;
      return unreachable;
    }
  }
}

/** The last record of a run. */
export function summaryRecord(s: Summary): Record<string, unknown> {
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

/** A record as one NDJSON line. */
export function recordLine(record: Record<string, unknown>): string {
  return `${JSON.stringify(record)}\n`;
}
