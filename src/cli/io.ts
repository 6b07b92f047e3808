import type { ByteSource } from '../batch/read-list';
import { COLOUR, PLAIN, type Style } from '../report/format';
import type { ResolvedOptions } from '../core/options';
import type { JobRunner } from '../core/types';
import type { WorkerProcess } from '../runners/worker-process';
import type { InterruptSignal } from './interrupts';
import type { Streams } from './progress';

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
  /**
   * Standard input, asked for only when it is read (`--files-from -`, `merge -`): main passes
   * `() => process.stdin`, so that a run that does not read it never opens it.
   */
  readonly stdin?: () => ByteSource;
  /** A worker process started before the flags were parsed (see `prestartConfig`). */
  readonly spareWorkerProcess?: WorkerProcess;
  /**
   * Runs the jobs instead of the default runner (a supervised worker process): a seam for callers
   * that embed the CLI, and for tests about planning rather than processing. Its caller owns it.
   */
  readonly runner?: JobRunner;
}

export interface CommandOutcome {
  readonly exitCode: number;
  /** The signal that interrupted the batch, if one did. */
  readonly interrupted: InterruptSignal | undefined;
}

/** Standard input for the batch, when its list of inputs is `-` (and only then is it opened). */
export function stdinOf(options: Pick<ResolvedOptions, 'filesFrom'>, io: Pick<CliIo, 'stdin'>): { stdin?: ByteSource } {
  return options.filesFrom === '-' && io.stdin !== undefined ? { stdin: io.stdin() } : {};
}

/**
 * How lines on stdout look: coloured on a terminal, unless NO_COLOR is set (the convention: any
 * non-empty value turns colour off). `isTTY` is typed a boolean, but a piped stdout has none.
 */
export function styleFor(io: { readonly stdout: { readonly isTTY?: boolean }; readonly env: NodeJS.ProcessEnv }): Style {
  return io.stdout.isTTY === true && (io.env['NO_COLOR'] ?? '') === '' ? COLOUR : PLAIN;
}
