import { runReportedBatch } from '../report/html-write';
import type { ResolvedOptions } from '../core/options';
import type { JobResult } from '../core/types';
import { escapeControl, formatResultLine, formatSummary, PLAIN, type Style } from '../report/format';
import type { PrunedOutput } from '../core/build';
import { fileRecord, pruneRecord, recordLine, summaryRecord } from '../report/records';
import { formatPruneLine } from '../report/plan-format';
import { interruptOf } from './interrupts';
import { stdinOf, styleFor, type CliIo, type CommandOutcome, type ReportFlags } from './io';
import { progressSink, type ProgressSink } from './progress';
import { MAX_THREADS_PER_CORE, maxWorkerThreads } from '../runners/budget';
import { defaultRunnerFor, releaseRunner } from '../runners/default';

export type { CliIo, CommandOutcome, ReportFlags };

/** Glue: options → runBatch with a reporter → exit code. No parsing, no pixels. */
export async function runCommand(options: ResolvedOptions, flags: ReportFlags, io: CliIo): Promise<CommandOutcome> {
  if (options.dryRun) return (await import('./dry-run-command')).runDryRun(options, flags, io);
  const cwd = options.cwd;
  const style = styleFor(io);
  const sink: ProgressSink = progressSink(flags, io);

  const onResult = (r: JobResult): void => {
    if (flags.json) {
      io.stdout.write(recordLine(fileRecord(r)));
    } else if (flags.quiet) {
      if (r.status === 'failed') io.stderr.write(`${formatResultLine(r, cwd, PLAIN)}\n`);
    } else {
      sink.tick(formatResultLine(r, cwd, style));
    }
  };

  let threads = 0;
  // The second signal is main's to handle (it leaves at once); the first only stops the batch.
  const onInterrupt = (): void => {
    sink.stop();
    io.stderr.write(`imgbatch: ${interruptOf(io.interrupt) ?? 'SIGINT'}: finishing the files in flight, skipping the rest (again to stop at once)\n`);
  };
  if (io.interrupt.aborted) onInterrupt();
  else io.interrupt.addEventListener('abort', onInterrupt, { once: true });
  // The CLI creates the runner (adopting the worker process main started early) and owns it: it
  // releases it at the end, at once when nothing ran on it.
  const runner = io.runner ?? (await defaultRunnerFor(options, io.spareWorkerProcess));
  let jobs = 0;
  try {
    const report = await runReportedBatch(options, {
      runner,
      signal: io.interrupt,
      ...stdinOf(options, io),
      onResult,
      onStart: (start) => {
        threads = start.threads;
        jobs = start.jobs.length;
        const requested = options.concurrency;
        if (!flags.quiet && requested > maxWorkerThreads()) {
          io.stderr.write(
            `imgbatch: warning: -j ${requested} is more than ${maxWorkerThreads()} worker threads (${MAX_THREADS_PER_CORE} per core): using ${maxWorkerThreads()}\n`,
          );
        }
        if (!flags.quiet) {
          for (const where of start.emptyArguments) io.stderr.write(`imgbatch: warning: no images in ${escapeControl(where)}\n`);
          for (const warning of start.warnings) io.stderr.write(`imgbatch: warning: ${escapeControl(warning)}\n`);
          if (start.staleTemporariesRemoved > 0) {
            io.stderr.write(`imgbatch: removed ${start.staleTemporariesRemoved} temporary file(s) left by an interrupted earlier run\n`);
          }
        }
        if (!flags.json && !flags.quiet) sink.start(start.total);
      },
    });
    sink.stop();
    writePruned(report.pruned ?? [], flags, io, style, cwd);
    if (flags.json) io.stdout.write(recordLine(summaryRecord(report.summary)));
    else if (!flags.quiet) io.stdout.write(`${formatSummary(report.summary, threads, style)}\n`);
    return { exitCode: report.summary.exitCode, interrupted: report.summary.interrupted ? (interruptOf(io.interrupt) ?? 'SIGINT') : undefined };
  } finally {
    sink.stop();
    io.interrupt.removeEventListener('abort', onInterrupt);
    if (io.runner === undefined) await releaseRunner(runner, jobs === 0 || io.interrupt.aborted);
  }
}

/** `--prune`'s outputs, after the files' records. */
function writePruned(pruned: readonly PrunedOutput[], flags: ReportFlags, io: CliIo, style: Style, cwd: string): void {
  for (const p of pruned) {
    if (flags.json) io.stdout.write(recordLine(pruneRecord(p)));
    else if (!flags.quiet) io.stdout.write(`${formatPruneLine(p, cwd, false, style)}\n`);
  }
}
