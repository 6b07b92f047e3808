import { errorMessage, ExitCode, formatIssue, type ExitCodeValue, type Issue } from '../core/errors';
import { escapeControl } from '../core/names';
import type { Counted } from '../batch/metrics';

/**
 * Reading the NDJSON of `--json` runs back (`imgbatch merge`): schema 2 (imgbatch 0.3 and later) and
 * schema 1 (0.2 and earlier: one `output` path and the output's size per file record; a summary
 * with no `outputs`, `startedAt` or `endedAt`). Pure: text in, runs and problems out.
 */

/** One input as a run's file record reported it. Schema 1 records hold the output's size, not the input's: their `pixels` are 0. */
export interface ReportedInput extends Counted {
  readonly input: string;
}

/** A run's summary record, as far as a merge reads it. */
export interface ReportedSummary {
  readonly total: number;
  /** ms since the epoch; schema 1 has none. */
  readonly startedAt: number | undefined;
  readonly endedAt: number | undefined;
  readonly wallMs: number;
  readonly megapixelsPerSec: number;
  readonly interrupted: boolean;
  readonly exitCode: ExitCodeValue;
}

/** One run: the records up to its summary record (a file may hold several runs one after another). */
export interface ParsedRun {
  readonly schema: 1 | 2 | null;
  readonly inputs: readonly ReportedInput[];
  /** Absent: the report ends before the run's summary record (the run was killed, or the file cut). */
  readonly summary: ReportedSummary | undefined;
  /** The report's last line is cut off mid-record (a run killed while writing it). */
  readonly cutOff: boolean;
}

export interface ParsedReport {
  readonly runs: readonly ParsedRun[];
  /** `name:line: what was expected and what arrived`, one per bad line. */
  readonly problems: readonly string[];
}

/** The exit codes a run's summary can carry (a usage error prints no records). */
const RUN_EXIT_CODES: readonly unknown[] = [ExitCode.Ok, ExitCode.SomeFailed, ExitCode.Internal, ExitCode.Sigint, ExitCode.Sigterm];
const STATUSES: readonly unknown[] = ['ok', 'failed', 'skipped'];

class LineProblem extends Error {}
type Fields = Readonly<Record<string, unknown>>;

/** The record's `key` if `test` accepts it; otherwise the line's problem, saying what was expected and what arrived. */
function field<T>(record: Fields, key: string, expected: string, test: (value: unknown) => value is T): T {
  const value = record[key];
  if (!test(value)) throw new LineProblem(formatIssue({ path: key, expected, received: value } satisfies Issue));
  return value;
}
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isWhole = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isTime = (v: unknown): v is string => typeof v === 'string' && Number.isFinite(Date.parse(v));
const isStatus = (v: unknown): v is ReportedInput['status'] => STATUSES.includes(v);
const isExitCode = (v: unknown): v is ExitCodeValue => RUN_EXIT_CODES.includes(v);
const A_NUMBER = 'a number ≥ 0';

/** A file record: schema 2 when it has `outputs`, schema 1 when it has `output`. */
function readInput(record: Fields): { schema: 1 | 2; input: ReportedInput } {
  const schema = Array.isArray(record['outputs']) ? 2 : 'output' in record ? 1 : undefined;
  if (schema === undefined) {
    throw new LineProblem(formatIssue({ path: 'outputs', expected: 'an array (schema 2), or "output" (schema 1)', received: record['outputs'] }));
  }
  const input = field(record, 'input', 'a path', (v): v is string => typeof v === 'string' && v !== '');
  const status = field(record, 'status', '"ok", "failed" or "skipped"', isStatus);
  const bytesIn = field(record, 'bytesIn', A_NUMBER, isCount);
  const ms = field(record, 'ms', A_NUMBER, isCount);
  const ok = status === 'ok';
  const bytesOut = ok ? field(record, 'bytesOut', A_NUMBER, isCount) : 0;
  if (schema === 1) {
    const output = field(record, 'output', 'a path or null', (v): v is string | null => v === null || typeof v === 'string');
    return { schema, input: { input, status, bytesIn, bytesOut, ms, pixels: 0, outputs: output === null ? 0 : 1 } };
  }
  const pixels = ok ? field(record, 'width', A_NUMBER, isWhole) * field(record, 'height', A_NUMBER, isWhole) : 0;
  const outputs = (record['outputs'] as readonly unknown[]).length;
  return { schema, input: { input, status, bytesIn, bytesOut, ms, pixels, outputs } };
}

/** A run's summary record (not a dry run's: the caller refuses those first). */
function readSummary(record: Fields, schema: 1 | 2): ReportedSummary {
  const time = (key: string): number | undefined => (schema === 1 ? undefined : Date.parse(field(record, key, 'a time (ISO 8601, as runs write it)', isTime)));
  return {
    total: field(record, 'total', 'a whole number ≥ 0', isWhole),
    startedAt: time('startedAt'),
    endedAt: time('endedAt'),
    wallMs: field(record, 'wallMs', A_NUMBER, isCount),
    megapixelsPerSec: field(record, 'megapixelsPerSec', A_NUMBER, isCount),
    interrupted: field(record, 'interrupted', 'true or false', (v): v is boolean => typeof v === 'boolean'),
    exitCode: field(record, 'exitCode', 'an exit code a run ends with (0, 1, 3, 130 or 143)', isExitCode),
  };
}

const DRY_RUN =
  'Expected the report of a run but received a dry run\'s ("plan" records, "dryRun": true): a dry run processes nothing, so it has nothing to merge';

/** A run being read: its records so far. */
interface OpenRun {
  schema: 1 | 2 | null;
  inputs: ReportedInput[];
  cutOff: boolean;
  dryRun: boolean;
  records: number;
}
const openRun = (): OpenRun => ({ schema: null, inputs: [], cutOff: false, dryRun: false, records: 0 });

/** Reads one record into the run; a summary record ends it (`close`). */
function readRecord(record: Fields, run: OpenRun, close: (summary: ReportedSummary | undefined) => void): void {
  const type = record['type'];
  if (type === 'prune') return;
  if (type === 'plan' || (type === 'summary' && record['dryRun'] === true)) {
    const first = !run.dryRun;
    run.dryRun = true;
    if (type === 'summary') close(undefined);
    if (first) throw new LineProblem(DRY_RUN);
    return;
  }
  if (type === 'file') {
    const { schema, input } = readInput(record);
    if (run.schema !== null && schema !== run.schema) {
      throw new LineProblem(`Expected a schema ${run.schema} file record like the run's earlier ones but received a schema ${schema} one`);
    }
    run.schema = schema;
    run.inputs.push(input);
    return;
  }
  if (type !== 'summary') throw new LineProblem(formatIssue({ path: 'type', expected: '"file", "prune" or "summary"', received: type }));
  const schema = record['schema'];
  if (schema !== 1 && schema !== 2) {
    throw new LineProblem(formatIssue({ path: 'schema', expected: '1 or 2 (the schemas imgbatch merge reads)', received: schema }));
  }
  if (run.schema !== null && schema !== run.schema) {
    throw new LineProblem(`Expected a schema ${run.schema} summary, as the run's file records are, but received schema ${schema}`);
  }
  run.schema = schema;
  close(readSummary(record, schema));
}

/** A shortened, escaped line for a message. */
const preview = (line: string): string => escapeControl(JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}…` : line));

/**
 * One report's text → its runs, each ended by its summary record, and every bad line. An empty
 * report is one run with no records and no summary. A last line cut off mid-record (a `{` with no
 * newline after it, not JSON) is no problem of the text: its run is reported as cut off.
 */
export function parseReport(name: string, text: string): ParsedReport {
  const shown = escapeControl(name);
  const lines = text.split('\n');
  const runs: ParsedRun[] = [];
  const problems: string[] = [];
  let run = openRun();
  const close = (summary: ReportedSummary | undefined): void => {
    if (!run.dryRun) runs.push({ schema: run.schema, inputs: run.inputs, summary, cutOff: run.cutOff });
    run = openRun();
  };
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error: unknown) {
      if (i === lines.length - 1 && line.startsWith('{')) run.cutOff = true;
      else problems.push(`${shown}:${i + 1}: Expected a JSON record (one per line) but received ${preview(line)}: ${errorMessage(error)}`);
      continue;
    }
    run.records += 1;
    try {
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        throw new LineProblem(`Expected a JSON object (a record) but received ${preview(line)}`);
      }
      readRecord(record as Fields, run, close);
    } catch (error: unknown) {
      if (!(error instanceof LineProblem)) throw error;
      problems.push(`${shown}:${i + 1}: ${error.message}`);
    }
  }
  if (run.records > 0 || run.cutOff || runs.length === 0) close(undefined);
  return { runs, problems };
}
