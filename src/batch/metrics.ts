import { ExitCode, type ExitCodeValue } from '../core/errors';
import type { JobResult, Summary } from '../core/types';

/** Nearest-rank percentile of sorted values (0 for none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

export interface SummaryContext {
  readonly wallMs: number;
  /** When the run started and ended (ms since the epoch). */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly interrupted: boolean;
  /** Exit code for an interrupt: 130 (SIGINT) or 143 (SIGTERM). */
  readonly interruptExitCode: typeof ExitCode.Sigint | typeof ExitCode.Sigterm;
  /** An internal error happened (a result the pool could not produce). */
  readonly internalError: boolean;
}

const round = (n: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** Pure: per-file results and wall time → the summary, with the exit code by the documented precedence. */
export function summarize(results: readonly JobResult[], ctx: SummaryContext): Summary {
  let ok = 0;
  let failed = 0;
  let skipped = 0;
  let bytesIn = 0;
  let bytesOut = 0;
  let pixels = 0;
  let outputs = 0;
  let busyMs = 0;
  const times: number[] = [];
  for (const r of results) {
    outputs += r.outputs.length;
    if (r.status === 'ok') {
      ok += 1;
      bytesOut += r.bytesOut;
      pixels += r.pixelsIn;
    } else if (r.status === 'failed') {
      failed += 1;
    } else {
      skipped += 1;
      continue;
    }
    bytesIn += r.bytesIn;
    busyMs += r.ms;
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  const seconds = ctx.wallMs / 1000;
  const per = (n: number): number => (seconds > 0 ? n / seconds : 0);
  const exitCode: ExitCodeValue = ctx.interrupted
    ? ctx.interruptExitCode
    : ctx.internalError
      ? ExitCode.Internal
      : failed > 0
        ? ExitCode.SomeFailed
        : ExitCode.Ok;
  return {
    total: results.length,
    ok,
    failed,
    skipped,
    outputs,
    startedAt: new Date(ctx.startedAt).toISOString(),
    endedAt: new Date(ctx.endedAt).toISOString(),
    wallMs: round(ctx.wallMs, 1),
    filesPerSec: round(per(ok + failed), 2),
    megapixelsPerSec: round(per(pixels / 1e6), 2),
    bytesIn,
    bytesOut,
    mbPerSec: round(per(bytesIn / 1e6), 2),
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    avgInFlight: round(ctx.wallMs > 0 ? busyMs / ctx.wallMs : 0, 2),
    interrupted: ctx.interrupted,
    exitCode,
  };
}
