import { runResolvedBatch } from '../batch/run-batch';
import type { ResolvedOptions } from '../core/options';
import type { JobResult } from '../core/types';
import type { WorkerProcess } from '../runners/worker-process';
import { COLOUR, escapeControl, formatResultLine, formatSummary, PLAIN } from '../report/format';
import { fileRecord, recordLine, summaryRecord } from '../report/records';
import { interruptOf, type InterruptSignal } from './interrupts';
import { isTerminal, progressSink, type ProgressSink, type Streams } from './progress';
import { MAX_THREADS_PER_CORE, maxWorkerThreads } from '../runners/budget';
import { createDefaultRunner, releaseRunner } from '../runners/default';

export interface ReportFlags {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly progress: boolean;
}

export interface CliIo extends Streams {
  readonly env: NodeJS.ProcessEnv;
  /** The folder relative inputs and `-o` are resolved against, and result lines are shown from (main passes process.cwd()). */
  readonly cwd: string;
  /**
   * Aborted at the first SIGINT or SIGTERM (reason: the signal's name; see `listenForInterrupts`),
   * perhaps before the command started: the batch then stops as it would have mid-run.
   */
  readonly interrupt: AbortSignal;
  /** A worker process started before the flags were parsed (see `prestartConfig`). */
  readonly spareWorkerProcess?: WorkerProcess;
}

export interface CommandOutcome {
  readonly exitCode: number;
  /** The signal that interrupted the batch, if one did. */
  readonly interrupted: InterruptSignal | undefined;
}

/** Glue: options → runBatch with a reporter → exit code. No parsing, no pixels. */
export async function runCommand(options: ResolvedOptions, flags: ReportFlags, io: CliIo): Promise<CommandOutcome> {
  const cwd = options.cwd;
  // NO_COLOR convention: any non-empty value turns colour off.
  const colour = isTerminal(io.stdout) && (io.env['NO_COLOR'] ?? '') === '';
  const style = colour ? COLOUR : PLAIN;
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
  const runner = await createDefaultRunner(options, io.spareWorkerProcess);
  let jobs = 0;
  try {
    const report = await runResolvedBatch(options, {
      runner,
      signal: io.interrupt,
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
          if (start.staleTemporariesRemoved > 0) {
            io.stderr.write(`imgbatch: removed ${start.staleTemporariesRemoved} temporary file(s) left by an interrupted earlier run\n`);
          }
        }
        if (!flags.json && !flags.quiet) sink.start(start.total);
      },
    });
    sink.stop();
    if (flags.json) io.stdout.write(recordLine(summaryRecord(report.summary)));
    else if (!flags.quiet) io.stdout.write(`${formatSummary(report.summary, threads, style)}\n`);
    return { exitCode: report.summary.exitCode, interrupted: report.summary.interrupted ? (interruptOf(io.interrupt) ?? 'SIGINT') : undefined };
  } finally {
    sink.stop();
    io.interrupt.removeEventListener('abort', onInterrupt);
    await releaseRunner(runner, jobs === 0 || io.interrupt.aborted);
  }
}
