import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runResolvedBench, type BenchHooks } from '../batch/bench';
import * as v from 'valibot';
import { benchIssues } from '../core/bench';
import { ExitCode, OptionsError, UsageError, type Issue } from '../core/errors';
import { escapeControl, fsPath } from '../core/names';
import { BATCH_OPTION_SPECS } from '../core/option-specs';
import type { OptionSpec } from '../core/option-spec';
import type { ResolvedOptions } from '../core/options';
import { benchReportHtml } from '../report/bench-chart';
import { benchHeader, benchIntro, benchRecord, benchRowLine, benchRowRecord, benchVerdict } from '../report/bench-format';
import { recordLine } from '../report/records';
import { writeWhole } from '../batch/run-file';
import { sizeUvThreadpool } from '../runners/budget';
import { BENCH_OPTION_SPECS } from './bench-options';
import type { BenchFlags } from './commands/bench';
import { fromFlags } from './parse';
import { interruptOf } from './interrupts';
import { stdinOf, type CliIo, type CommandOutcome, type ReportFlags } from './io';

const SPECS: Readonly<Record<string, OptionSpec>> = BATCH_OPTION_SPECS;

/** `--report`'s file, checked before the runs: its folder must exist. */
function reportPath(flags: BenchFlags, cwd: string): string | undefined {
  if (flags.report === undefined) return undefined;
  const file = path.resolve(cwd, flags.report);
  if (!fs.existsSync(fsPath(path.dirname(file)))) {
    throw new UsageError(
      'USAGE',
      `Expected --report in an existing folder but received ${escapeControl(flags.report)} (no folder ${escapeControl(path.dirname(file))})`,
    );
  }
  return file;
}

/** `--sample` and `--cores` as numbers, by their declarations; every bad one is an issue naming the flag. */
function numbers(flags: BenchFlags): { sample: number | undefined; cores: number | undefined } {
  const issues: Issue[] = [];
  const values = fromFlags(BENCH_OPTION_SPECS, flags, issues, false);
  for (const key of ['sample', 'cores'] as const) {
    const spec = BENCH_OPTION_SPECS[key];
    if (values[key] !== undefined && !v.is(spec.schema, values[key])) issues.push({ path: `--${spec.flag}`, expected: spec.expected, received: flags[key] });
  }
  if (issues.length > 0) throw new OptionsError(issues);
  const num = (x: unknown): number | undefined => (typeof x === 'number' ? x : undefined);
  return { sample: num(values['sample']), cores: num(values['cores']) };
}

/** What the CLI knows of the command line: as typed (for the page), and whether `-o` was given. */
export interface BenchCommandLine {
  readonly command: string;
  readonly outGiven: boolean;
}

/** `imgbatch bench`: the checked options of the command it measures → runs → table (or NDJSON) and `--report`. */
export async function runBenchCommand(
  options: ResolvedOptions,
  report: ReportFlags,
  flags: BenchFlags,
  io: CliIo,
  line: BenchCommandLine,
): Promise<CommandOutcome> {
  const issues = benchIssues(options, (key) => `--${SPECS[key]?.flag ?? key}`);
  if (issues.length > 0) throw new OptionsError(issues);
  const { sample, cores } = numbers(flags);
  const page = reportPath(flags, io.cwd);
  const planned = cores ?? os.availableParallelism();
  // With --no-isolate the pools run in this process, on libuv's threads: sized for the highest -j, once.
  sizeUvThreadpool(planned);
  const say = (line: string): void => {
    if (!report.json) io.stdout.write(`${line}\n`);
  };
  const hooks: BenchHooks = {
    cores: planned,
    warmup: flags.warmup,
    signal: io.interrupt,
    tempParent: io.env['TMPDIR'] ?? os.tmpdir(),
    ...(sample === undefined ? {} : { sample }),
    ...(io.runner === undefined ? {} : { runner: io.runner }),
    ...stdinOf(options, io),
    onStart: (start) => {
      say(benchIntro(start));
      say(benchHeader());
    },
    onRow: (row) => (report.json ? io.stdout.write(recordLine(benchRowRecord(row))) : say(benchRowLine(row))),
  };
  if (line.outGiven && !report.quiet) {
    io.stderr.write(`imgbatch: note: bench writes each run into a temporary folder it removes; nothing is written to ${escapeControl(options.out)}\n`);
  }
  const onInterrupt = (): void => {
    io.stderr.write(`imgbatch: ${interruptOf(io.interrupt) ?? 'SIGINT'}: stopping the run in progress, starting no other (again to stop at once)\n`);
  };
  io.interrupt.addEventListener('abort', onInterrupt, { once: true });
  let result;
  try {
    result = await runResolvedBench(options, hooks);
  } finally {
    io.interrupt.removeEventListener('abort', onInterrupt);
  }
  if (report.json) io.stdout.write(recordLine(benchRecord(result)));
  else for (const line of benchVerdict(result)) say(line);
  if (page !== undefined) await writeWhole(page, Buffer.from(benchReportHtml(result, line.command), 'utf8'));
  const signal = result.interrupted ? (interruptOf(io.interrupt) ?? 'SIGINT') : undefined;
  return { exitCode: signal === undefined ? ExitCode.Ok : signal === 'SIGTERM' ? ExitCode.Sigterm : ExitCode.Sigint, interrupted: signal };
}
