import { runBatch } from '../core/run-batch';
import type { BatchOptions } from '../core/options';
import type { JobResult } from '../core/types';
import type { WorkerProcess } from '../supervisor/worker-process';
import { COLOUR, escapeControl, fileRecord, formatResultLine, formatSummary, PLAIN, summaryRecord } from '../report/format';
import { progressSink, type ProgressSink, type Streams } from './progress';

export interface ReportFlags {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly progress: boolean;
}

export interface CliIo extends Streams {
  readonly env: NodeJS.ProcessEnv;
  /** Where interrupts come from (process in production; an emitter in tests). */
  readonly signals: Pick<NodeJS.Process, 'on' | 'off'>;
  /** A worker process started before the flags were parsed (see `prestartConfig`). */
  readonly spareWorkerProcess?: WorkerProcess;
}

export interface CommandOutcome {
  readonly exitCode: number;
  /** The signal that interrupted the batch, if one did. */
  readonly interrupted: 'SIGINT' | 'SIGTERM' | undefined;
}

/** Glue: options → runBatch with a reporter → exit code. No parsing, no pixels. */
export async function runCommand(options: BatchOptions, flags: ReportFlags, io: CliIo): Promise<CommandOutcome> {
  const cwd = options.cwd ?? process.cwd();
  // NO_COLOR convention: any non-empty value turns colour off.
  const colour = io.stdout.isTTY === true && (io.env['NO_COLOR'] ?? '') === '';
  const style = colour ? COLOUR : PLAIN;
  const sink: ProgressSink = progressSink(flags, io);

  const onResult = (r: JobResult): void => {
    if (flags.json) {
      io.stdout.write(`${JSON.stringify(fileRecord(r))}\n`);
    } else if (flags.quiet) {
      if (r.status === 'failed') io.stderr.write(`${formatResultLine(r, cwd, PLAIN)}\n`);
    } else {
      sink.tick(formatResultLine(r, cwd, style));
    }
  };

  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => (): void => {
    interrupts += 1;
    if (interrupts > 1) {
      // Second signal: leave at once. process.exit() would wait for worker threads whose libvips
      // work is still running, so die of the signal itself (the shell sees 130 or 143). Temporaries
      // never carry a final name, so nothing partial remains; the next run removes them.
      io.signals.off('SIGINT', onInt);
      io.signals.off('SIGTERM', onTerm);
      process.kill(process.pid, signal);
      return;
    }
    sink.stop();
    io.stderr.write(`imgbatch: ${signal}: finishing the files in flight, skipping the rest (again to stop at once)\n`);
    controller.abort(signal);
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  io.signals.on('SIGINT', onInt);
  io.signals.on('SIGTERM', onTerm);
  try {
    const report = await runBatch(options, {
      ...(io.spareWorkerProcess === undefined ? {} : { spareWorkerProcess: io.spareWorkerProcess }),
      signal: controller.signal,
      onResult,
      onStart: (start) => {
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
    if (flags.json) io.stdout.write(`${JSON.stringify(summaryRecord(report.summary))}\n`);
    else if (!flags.quiet) io.stdout.write(`${formatSummary(report.summary, options.concurrency ?? 0, style)}\n`);
    const signal = controller.signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
    return { exitCode: report.summary.exitCode, interrupted: report.summary.interrupted ? signal : undefined };
  } finally {
    sink.stop();
    io.signals.off('SIGINT', onInt);
    io.signals.off('SIGTERM', onTerm);
  }
}

