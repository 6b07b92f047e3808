import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/cli';
import { createInlineRunner } from '../../src/runners/inline';
import { repoRoot } from './fixtures';

export type Json = Record<string, unknown>;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** NDJSON records, when `--json` was given. */
  readonly records: readonly Json[];
}

/** NDJSON text → its records. */
export const parseLines = (stdout: string): Json[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Json);

/** A stream that keeps what is written to it. */
function memoryStream(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = {
    isTTY: false,
    write: (chunk: string | Uint8Array): boolean => {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

export interface InProcessOptions {
  /** Stands for SIGINT/SIGTERM: abort it to interrupt the run. */
  readonly interrupt?: AbortSignal;
  /** The folder relative arguments are resolved against (the CLI's cwd seam); the repository by default. */
  readonly cwd?: string;
  /**
   * Process files in this thread (`createInlineRunner`) instead of a supervised worker process: for
   * tests of planning, names and state, where starting a process and its threads per run is only cost.
   */
  readonly inline?: boolean;
  /** Standard input (`--files-from -`, `merge -`): these bytes, then its end; by default none is handed over. */
  readonly stdin?: string | Buffer | Readable;
}

/** Runs the CLI in this process, as the bin would, with captured streams. */
export async function runCliInProcess(argv: readonly string[], options: InProcessOptions = {}): Promise<CliRun> {
  const stdout = memoryStream();
  const stderr = memoryStream();
  const interrupt = options.interrupt ?? new AbortController().signal;
  const runner = options.inline === true ? { runner: createInlineRunner() } : {};
  const given = options.stdin;
  const stdin = given === undefined ? {} : { stdin: () => (given instanceof Readable ? given : Readable.from([Buffer.from(given)])) };
  const io = { stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: options.cwd ?? repoRoot, interrupt, ...runner, ...stdin };
  const { exitCode } = await runCli(argv, io);
  const records = argv.includes('--json') ? parseLines(stdout.text()) : [];
  return { code: exitCode, stdout: stdout.text(), stderr: stderr.text(), records };
}
