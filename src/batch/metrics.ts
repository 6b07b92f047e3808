import { ExitCode, type ExitCodeValue } from '../core/errors';
import type { JobResult, Summary } from '../core/types';
import { round } from '../core/round';

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

/** What a summary counts of one input: a result of this run, or a record of another (`imgbatch merge`). */
export interface Counted {
  readonly status: JobResult['status'];
  readonly bytesIn: number;
  /** Counted for ok inputs only. */
  readonly bytesOut: number;
  /** Input pixels decoded; counted for ok inputs only. */
  readonly pixels: number;
  readonly ms: number;
  readonly outputs: number;
}

/** The sums of a summary: counts, bytes and pixels, and per-input times over ok and failed inputs. */
export type Totals = Pick<Summary, 'total' | 'ok' | 'failed' | 'skipped' | 'outputs' | 'bytesIn' | 'bytesOut' | 'p50Ms' | 'p95Ms'> & {
  readonly pixels: number;
  /** Sum of per-input times (ok and failed). */
  readonly busyMs: number;
};

/** The fields of a summary that are sums (and percentiles) of its inputs, without the work's pixels and time. */
export function summaryCounts(t: Totals): Omit<Totals, 'pixels' | 'busyMs'> {
  const { pixels: _pixels, busyMs: _busyMs, ...counts } = t;
  return counts;
}

/** Pure: the sums of a summary, by the documented rules (bytes read by ok and failed inputs, written by ok ones). */
export function totals(items: Iterable<Counted>): Totals {
  let [total, ok, failed, skipped, bytesIn, bytesOut, pixels, outputs, busyMs] = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const times: number[] = [];
  for (const r of items) {
    total += 1;
    outputs += r.outputs;
    if (r.status === 'ok') {
      ok += 1;
      bytesOut += r.bytesOut;
      pixels += r.pixels;
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
  return { total, ok, failed, skipped, outputs, bytesIn, bytesOut, pixels, busyMs, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
}

/** Pure: the sums over a wall time → the rates a summary shows. */
export function rates(t: Totals, wallMs: number): Pick<Summary, 'wallMs' | 'filesPerSec' | 'megapixelsPerSec' | 'mbPerSec' | 'avgInFlight'> {
  const seconds = wallMs / 1000;
  const per = (n: number): number => (seconds > 0 ? n / seconds : 0);
  return {
    wallMs: round(wallMs, 1),
    filesPerSec: round(per(t.ok + t.failed), 2),
    megapixelsPerSec: round(per(t.pixels / 1e6), 2),
    mbPerSec: round(per(t.bytesIn / 1e6), 2),
    avgInFlight: round(wallMs > 0 ? t.busyMs / wallMs : 0, 2),
  };
}

const counted = (r: JobResult): Counted => ({
  status: r.status,
  bytesIn: r.bytesIn,
  bytesOut: r.status === 'ok' ? r.bytesOut : 0,
  pixels: r.status === 'ok' ? r.pixelsIn : 0,
  ms: r.ms,
  outputs: r.outputs.length,
});

/** Pure: per-file results and wall time → the summary, with the exit code by the documented precedence. */
export function summarize(results: readonly JobResult[], ctx: SummaryContext): Summary {
  const t = totals(results.map(counted));
  const exitCode: ExitCodeValue = ctx.interrupted
    ? ctx.interruptExitCode
    : ctx.internalError
      ? ExitCode.Internal
      : t.failed > 0
        ? ExitCode.SomeFailed
        : ExitCode.Ok;
  return {
    ...summaryCounts(t),
    startedAt: new Date(ctx.startedAt).toISOString(),
    endedAt: new Date(ctx.endedAt).toISOString(),
    ...rates(t, ctx.wallMs),
    interrupted: ctx.interrupted,
    exitCode,
  };
}
