import path from 'node:path';
import { ExitCode, UsageError, worstExitCode, type ExitCodeValue } from '../core/errors';
import type { Summary } from '../core/types';
import { rates, summaryCounts, totals } from '../batch/metrics';
import { parseReport, type ParsedRun } from './merge-parse';

/** One report to merge: a name for messages (its file, `-` for stdin) and its NDJSON text. */
export interface ReportText {
  readonly name: string;
  readonly text: string;
}

export interface MergeOptions {
  /**
   * The inputs the runs together should report, each once (`--expect`): those no run reported are
   * listed as `missing`. Relative paths are resolved against `cwd`.
   */
  readonly expect?: readonly string[];
  /** @default process.cwd() */
  readonly cwd?: string;
}

/** One run of the merge, from its own records. */
export interface MergedRun {
  /** The report's name; `name (run 2)` for the second of several runs in one report. */
  readonly report: string;
  /** The records' schema (null: the report holds no record that tells). */
  readonly schema: 1 | 2 | null;
  readonly total: number;
  readonly ok: number;
  readonly failed: number;
  readonly skipped: number;
  readonly outputs: number;
  /** From its summary record; null when it has none (or, for startedAt/endedAt, schema 1). */
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly wallMs: number | null;
  readonly interrupted: boolean;
  /** Its summary's exit code; null when it has no summary record. */
  readonly exitCode: ExitCodeValue | null;
  /** Why the run's report is not whole (no summary record, a cut-off last line, counts that disagree); absent when it is. */
  readonly incomplete?: string;
}

/** An input more than one run reported, and which (a report named twice if it reported it twice). */
export interface Duplicate {
  readonly input: string;
  readonly reports: readonly string[];
}

/** A run's summary over every run; `startedAt`/`endedAt` are null when no run carries them (schema 1). */
export type MergedSummary = Omit<Summary, 'startedAt' | 'endedAt'> & { readonly startedAt: string | null; readonly endedAt: string | null };

export interface MergeReport {
  readonly summary: MergedSummary;
  readonly runs: readonly MergedRun[];
  readonly duplicates: readonly Duplicate[];
  /** With `expect`: the expected inputs no run reported, in the list's order. Absent without it. */
  readonly missing?: readonly string[];
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** What is wrong with a run's report as a whole, if anything. */
function incompleteness(run: ParsedRun): string | undefined {
  if (run.summary === undefined) {
    if (run.inputs.length === 0 && !run.cutOff) return 'no records: the run printed none (a usage error prints no NDJSON) or was killed before its first';
    return `no summary record: the run did not finish (killed?)${run.cutOff ? ', and its last line is cut off' : ''}`;
  }
  if (run.summary.total !== run.inputs.length) return `its summary counts ${run.summary.total} inputs but it holds ${run.inputs.length} file records`;
  return undefined;
}

function mergedRun(run: ParsedRun, report: string): MergedRun {
  const t = totals(run.inputs);
  const s = run.summary;
  const incomplete = incompleteness(run);
  return {
    report,
    schema: run.schema,
    total: t.total,
    ok: t.ok,
    failed: t.failed,
    skipped: t.skipped,
    outputs: t.outputs,
    startedAt: iso(s?.startedAt),
    endedAt: iso(s?.endedAt),
    wallMs: s?.wallMs ?? null,
    interrupted: s?.interrupted ?? false,
    exitCode: s?.exitCode ?? null,
    ...(incomplete === undefined ? {} : { incomplete }),
  };
}

/**
 * The runs together: counts and bytes summed from their records, the span from the earliest start to
 * the latest end (never shorter than the longest run), the rates over it, p50/p95 over every ok and
 * failed input. Schema 1 records hold no input size: such a run's megapixels are its summary's
 * (megapixelsPerSec × wallMs), 0 without one.
 */
function mergedSummary(runs: readonly ParsedRun[], exitCode: ExitCodeValue): MergedSummary {
  const t = totals(runs.flatMap((r) => r.inputs));
  const estimated = runs.reduce((sum, r) => sum + (r.schema === 1 && r.summary !== undefined ? r.summary.megapixelsPerSec * r.summary.wallMs * 1000 : 0), 0);
  const spans = runs.flatMap((r) =>
    r.summary?.startedAt === undefined || r.summary.endedAt === undefined ? [] : [[r.summary.startedAt, r.summary.endedAt] as const],
  );
  const startedAt = spans.length === 0 ? undefined : Math.min(...spans.map(([start]) => start));
  const endedAt = spans.length === 0 ? undefined : Math.max(...spans.map(([, end]) => end));
  const longest = Math.max(0, ...runs.map((r) => r.summary?.wallMs ?? 0));
  const wallMs = Math.max(longest, startedAt === undefined || endedAt === undefined ? 0 : endedAt - startedAt);
  return {
    ...summaryCounts(t),
    startedAt: iso(startedAt),
    endedAt: iso(endedAt),
    ...rates({ ...t, pixels: t.pixels + estimated }, wallMs),
    interrupted: runs.some((r) => r.summary?.interrupted === true),
    exitCode,
  };
}

/** Every input reported more than once, with the runs that reported it, in first-report order. */
function duplicatesOf(runs: readonly ParsedRun[], labels: readonly string[]): { duplicates: Duplicate[]; reported: ReadonlySet<string> } {
  const by = new Map<string, string[]>();
  for (const [i, run] of runs.entries()) {
    for (const { input } of run.inputs) {
      const list = by.get(input);
      if (list === undefined) by.set(input, [labels[i] ?? '']);
      else list.push(labels[i] ?? '');
    }
  }
  const duplicates = [...by].filter(([, reports]) => reports.length > 1).map(([input, reports]) => ({ input, reports }));
  return { duplicates, reported: new Set(by.keys()) };
}

/** `a.ndjson`, or `a.ndjson (run 2)` when the report holds several runs. */
const labelsOf = (name: string, count: number): string[] => Array.from({ length: count }, (_, i) => (count === 1 ? name : `${name} (run ${i + 1})`));

/**
 * Merges the NDJSON reports of several runs (`imgbatch … --json`, schema 1 or 2) into one summary,
 * as `imgbatch merge` does. Its exit code is the worst of the runs' (`worstExitCode`: 130/143 > 3 >
 * 1 > 0), and at least 1 when a run's report is not whole, an input was reported more than once, or
 * an expected input by no run. Throws a `UsageError` (`INVALID_REPORT`) listing every line that is
 * not a run's record (`name:line: …`), and for a dry run's report.
 */
export function mergeReports(reports: readonly ReportText[], options: MergeOptions = {}): MergeReport {
  const parsed = reports.map((r) => ({ name: r.name, ...parseReport(r.name, r.text) }));
  const problems = parsed.flatMap((p) => p.problems);
  if (problems.length > 0) {
    const shown = problems.length > 20 ? [...problems.slice(0, 20), `… and ${problems.length - 20} more`] : problems;
    throw new UsageError('INVALID_REPORT', `Expected the NDJSON of imgbatch --json runs (schema 1 or 2), but:\n${shown.map((p) => `  ${p}`).join('\n')}`);
  }
  const runs = parsed.flatMap((p) => p.runs);
  const labels = parsed.flatMap((p) => labelsOf(p.name, p.runs.length));
  const merged = runs.map((run, i) => mergedRun(run, labels[i] ?? ''));
  const { duplicates, reported } = duplicatesOf(runs, labels);
  const cwd = options.cwd ?? process.cwd();
  const missing = options.expect === undefined ? undefined : [...new Set(options.expect.map((p) => path.resolve(cwd, p)))].filter((p) => !reported.has(p));
  const flagged = merged.some((r) => r.incomplete !== undefined) || duplicates.length > 0 || (missing?.length ?? 0) > 0;
  const exitCode = worstExitCode([...merged.flatMap((r) => (r.exitCode === null ? [] : [r.exitCode])), flagged ? ExitCode.SomeFailed : ExitCode.Ok]);
  return { summary: mergedSummary(runs, exitCode), runs: merged, duplicates, ...(missing === undefined ? {} : { missing }) };
}
