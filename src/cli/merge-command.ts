import fs from 'node:fs';
import path from 'node:path';
import { errorMessage, OptionsError, UsageError, type Issue } from '../core/errors';
import { escapeControl, fsPath, nameFromBytes } from '../core/names';
import { pathListProblem, splitPathList } from '../core/path-list';
import { mergeReports, type ReportText } from '../report/merge';
import { formatMerge } from '../report/merge-format';
import { mergedSummaryRecord, recordLine } from '../report/records';
import { STDIN_REPORT, type MergeFlags } from './commands/merge';
import { readBytes } from '../batch/read-list';
import { styleFor, type CliIo } from './io';
import { singleValues } from './repeated';

/** One report's text: a file (relative to the cwd), or stdin for `-`. */
async function readReport(name: string, io: CliIo): Promise<ReportText> {
  if (name !== STDIN_REPORT) return { name, text: await fs.promises.readFile(fsPath(path.resolve(io.cwd, name)), 'utf8') };
  if (io.stdin === undefined) throw new Error('there is no standard input');
  return { name: '-', text: (await readBytes(io.stdin())).toString('utf8') };
}

/** Every report, or one error that names each report that cannot be read. */
async function readReports(names: readonly string[], io: CliIo): Promise<ReportText[]> {
  const settled = await Promise.allSettled(names.map((name) => readReport(name, io)));
  const unreadable = settled.flatMap((s, i) =>
    s.status === 'rejected' ? [`  ${escapeControl(names[i] === STDIN_REPORT ? '-' : (names[i] ?? ''))}: ${escapeControl(errorMessage(s.reason))}`] : [],
  );
  if (unreadable.length > 0) throw new UsageError('REPORT_UNREADABLE', `Expected readable reports, but cannot read:\n${unreadable.join('\n')}`);
  return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
}

/** The `--expect` list: its bytes as names (bytes that are not UTF-8 escaped as records escape them), split. */
async function readExpected(file: string, nul: boolean, io: CliIo): Promise<string[]> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(fsPath(path.resolve(io.cwd, file)));
  } catch (error: unknown) {
    throw new UsageError(
      'EXPECT_UNREADABLE',
      `Expected a readable --expect list but cannot read ${escapeControl(file)}: ${escapeControl(errorMessage(error))}`,
    );
  }
  const text = nameFromBytes(bytes);
  const problem = pathListProblem(text, nul);
  if (problem !== undefined) throw new UsageError('INVALID_LIST', `Expected --expect ${escapeControl(file)} to be a list of paths, but ${problem}`);
  return splitPathList(text, nul);
}

/** The flags' problems, all at once: a flag given twice, -0 without --expect, - given twice. */
function flagIssues(given: MergeFlags, argv: readonly string[]): { flags: Omit<MergeFlags, 'reports'>; issues: Issue[] } {
  const { reports, ...rest } = given;
  const single = singleValues(rest, argv);
  const issues: Issue[] = [...single.issues];
  if (single.flags.null && single.flags.expect === undefined) {
    issues.push({
      path: '--null',
      expected: '--expect',
      received: true,
      message: 'Expected --expect <file> with -0/--null (which says how that list is separated) but received no --expect',
    });
  }
  if (reports.filter((r) => r === STDIN_REPORT).length > 1) {
    issues.push({
      path: '<reports..>',
      expected: '- at most once',
      received: '-',
      message: 'Expected - (stdin) at most once among the reports but received it more than once',
    });
  }
  return { flags: single.flags, issues };
}

/** `imgbatch merge`: reads the reports (and the --expect list), prints the merged report, and returns its exit code. */
export async function runMerge(given: MergeFlags, argv: readonly string[], io: CliIo): Promise<number> {
  const { flags, issues } = flagIssues(given, argv);
  if (issues.length > 0) throw new OptionsError(issues);
  const [reports, expect] = await Promise.all([
    readReports(given.reports, io),
    flags.expect === undefined ? undefined : readExpected(flags.expect, flags.null, io),
  ]);
  const merged = mergeReports(reports, { cwd: io.cwd, ...(expect === undefined ? {} : { expect }) });
  if (flags.json) {
    io.stdout.write(recordLine(mergedSummaryRecord(merged)));
  } else {
    io.stdout.write(`${formatMerge(merged, io.cwd, styleFor(io))}\n`);
  }
  return merged.summary.exitCode;
}
