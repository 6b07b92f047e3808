import { planResolvedBatch } from '../batch/dry-run';
import type { PlannedAction } from '../core/build';
import { ExitCode } from '../core/errors';
import type { ResolvedOptions } from '../core/options';
import { escapeControl } from '../report/format';
import { formatPlanLine, formatPlanSummary, formatPruneLine } from '../report/plan-format';
import { dryRunSummaryRecord, planRecord, pruneRecord, recordLine } from '../report/records';
import { stdinOf, styleFor, type CliIo, type CommandOutcome, type ReportFlags } from './io';

/** `--dry-run`: the plan of every input (and what --prune would remove), nothing written. */
export async function runDryRun(options: ResolvedOptions, flags: ReportFlags, io: CliIo): Promise<CommandOutcome> {
  const report = await planResolvedBatch(options, io.interrupt, stdinOf(options, io).stdin);
  const style = styleFor(io);
  const counts: Record<PlannedAction, number> = { write: 0, rebuild: 0, unchanged: 0, skip: 0, fail: 0 };
  for (const p of report.inputs) counts[p.action] += 1;
  const prune = report.pruned.filter((p) => p.removed).length;
  const exitCode = counts.fail > 0 ? ExitCode.SomeFailed : ExitCode.Ok;
  if (!flags.quiet) {
    for (const where of report.emptyArguments) io.stderr.write(`imgbatch: warning: no images in ${escapeControl(where)}\n`);
    for (const warning of report.warnings) io.stderr.write(`imgbatch: warning: ${escapeControl(warning)}\n`);
  }
  if (flags.json) {
    for (const p of report.inputs) io.stdout.write(recordLine(planRecord(p)));
    for (const p of report.pruned) io.stdout.write(recordLine(pruneRecord(p)));
    io.stdout.write(recordLine(dryRunSummaryRecord(counts, prune, exitCode)));
  } else if (!flags.quiet) {
    for (const p of report.inputs) io.stdout.write(`${formatPlanLine(p, options.cwd, style)}\n`);
    for (const p of report.pruned) io.stdout.write(`${formatPruneLine(p, options.cwd, true, style)}\n`);
    io.stdout.write(`${formatPlanSummary(counts, prune)}\n`);
  }
  return { exitCode, interrupted: undefined };
}
