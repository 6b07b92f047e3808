import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './fixtures';
import { parseLines, type CliRun } from './run-cli';

export { parseLines };

export const bin = path.join(repoRoot, 'bin', 'imgbatch.js');

/** Signal numbers by name; typed as partial, since a name Node knows may have no number on this platform. */
const SIGNAL_NUMBERS: Readonly<Partial<Record<string, number>>> = os.constants.signals;

/**
 * The exit status as a shell reports it: the code, or 128 + the signal number for a process that
 * died of a signal (an interrupted imgbatch re-raises SIGINT/SIGTERM, so a shell sees 130/143).
 */
export const shellStatus = (code: number | null, signal: NodeJS.Signals | null): number | null =>
  code ?? (signal === null ? null : 128 + (SIGNAL_NUMBERS[signal] ?? 0));

export interface BinRun {
  readonly child: ChildProcessWithoutNullStreams;
  /** Its arguments, and when it was spawned (Date.now()). */
  readonly args: readonly string[];
  readonly startedAt: number;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** The exit status as a shell sees it. */
  readonly exited: Promise<number | null>;
  /**
   * stderr reached its end: every process holding it (imgbatch and the worker process, which
   * inherits it) has exited.
   */
  readonly stderrClosed: Promise<void>;
  /** Resolves at the first stdout text matching `re`. */
  readonly stdoutMatch: (re: RegExp) => Promise<void>;
  /** Resolves at the first stderr text matching `re`. */
  readonly stderrMatch: (re: RegExp) => Promise<void>;
}

export interface BinOptions {
  /** Added to this process's environment; an undefined value removes a variable (NO_COLOR always goes). */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** In a process group of its own, as a shell job is (signal it as `-pid`). */
  readonly detached?: boolean;
  /** Runs the bin through another command, e.g. `['setpriv', '--reuid=nobody', …]`. */
  readonly through?: readonly string[];
}

/** The command line that runs the bin with `args`, perhaps through another command: [command, argv]. */
export function binCommand(args: readonly string[], through: readonly string[] = []): [string, string[]] {
  const [command = process.execPath, ...argv] = [...through, process.execPath, bin, ...args];
  return [command, argv];
}

/** Spawns the real bin with piped stdio (a worker process inherits the pipes). */
export function startBin(args: readonly string[], options: BinOptions = {}): BinRun {
  const startedAt = Date.now();
  const [command, argv] = binCommand(args, options.through);
  const env = { ...process.env, NO_COLOR: undefined, ...options.env };
  const child = spawn(command, argv, { stdio: ['pipe', 'pipe', 'pipe'], env, cwd: options.cwd ?? repoRoot, detached: options.detached ?? false });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c, sig) => resolve(shellStatus(c, sig))));
  const stderrClosed = new Promise<void>((resolve) => child.stderr.on('close', () => resolve()));
  const match =
    (stream: NodeJS.ReadableStream, text: () => string) =>
    (re: RegExp): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (!re.test(text())) return;
          stream.off('data', check);
          resolve();
        };
        stream.on('data', check);
        check();
      });
  const stdoutMatch = match(child.stdout, () => stdout);
  const stderrMatch = match(child.stderr, () => stderr);
  return { child, args, startedAt, stdout: () => stdout, stderr: () => stderr, exited, stderrClosed, stdoutMatch, stderrMatch };
}

export interface BinResult extends Omit<CliRun, 'code'> {
  /** The exit status as a shell sees it (128 + n for a signal), null if it never started. */
  readonly code: number | null;
  /** Wall time from spawn to exit. */
  readonly ms: number;
}

/**
 * Waits for a started bin to end (its pipes closed: its worker process has gone too) and collects
 * stdout, stderr, and the NDJSON records when `--json` is among its arguments (each line must
 * parse: NDJSON stays valid whatever happened).
 */
export async function collect(run: BinRun): Promise<BinResult> {
  run.child.stdin.end();
  const stdoutClosed = new Promise((resolve) => run.child.stdout.on('close', resolve));
  const [code] = await Promise.all([run.exited, run.stderrClosed, stdoutClosed]);
  const stdout = run.stdout();
  return { code, stdout, stderr: run.stderr(), records: run.args.includes('--json') ? parseLines(stdout) : [], ms: Date.now() - run.startedAt };
}

/** Runs the bin to its end: what it wrote, and its exit status as a shell sees it. */
export const runBin = (args: readonly string[], options: BinOptions = {}): Promise<BinResult> => collect(startBin(args, options));

/** The bin with --json and IMGBATCH_FAULT set to `fault` (or unset): the crash isolation tests' run. */
export const runWithFault = (args: readonly string[], fault?: string): Promise<BinResult> => runBin([...args, '--json'], { env: { IMGBATCH_FAULT: fault } });

/**
 * Polls (every few ms: /proc has no change events) until `probe` returns a value; gives up with
 * undefined when `stop` settles first (the process being watched exited).
 */
export function until<T>(probe: () => T | undefined, stop: Promise<unknown>): Promise<T | undefined> {
  return new Promise((resolve) => {
    let done = false;
    void stop.then(() => {
      done = true;
      resolve(undefined);
    });
    const poll = (): void => {
      if (done) return;
      const value = probe();
      if (value === undefined) setTimeout(poll, 2);
      else {
        done = true;
        resolve(value);
      }
    };
    poll();
  });
}

const readOr = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** The first child of `pid`, once it has one (Linux: /proc/<pid>/task/<pid>/children). */
export function firstChildOf(pid: number): number | undefined {
  const first = readOr(`/proc/${pid}/task/${pid}/children`)?.trim().split(' ')[0];
  return first === undefined || first === '' ? undefined : Number(first);
}

/** Bytes `pid` has read with read(2) and the like (/proc/<pid>/io `rchar`). */
export function bytesReadBy(pid: number): number {
  return Number(/^rchar: (\d+)$/m.exec(readOr(`/proc/${pid}/io`) ?? '')?.[1] ?? 0);
}

/** A process is gone: no /proc entry, or a zombie nobody reaped yet. */
export function isGone(pid: number): boolean {
  const stat = readOr(`/proc/${pid}/stat`);
  return stat === undefined || stat.slice(stat.lastIndexOf(')')).includes(' Z ');
}
