import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './fixtures';
import type { Json } from './run-cli';

export const bin = path.join(repoRoot, 'bin', 'imgbatch.js');

/**
 * The exit status as a shell reports it: the code, or 128 + the signal number for a process that
 * died of a signal (an interrupted imgbatch re-raises SIGINT/SIGTERM, so a shell sees 130/143).
 */
export const shellStatus = (code: number | null, signal: NodeJS.Signals | null): number | null =>
  code ?? (signal === null ? null : 128 + (os.constants.signals[signal] ?? 0));

export const parseLines = (stdout: string): Json[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Json);

export interface BinRun {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** The exit status as a shell sees it. */
  readonly exited: Promise<number | null>;
  /**
   * stderr reached its end: every process holding it (imgbatch and the worker process, which
   * inherits it) has exited.
   */
  readonly stderrClosed: Promise<void>;
  /** Resolves at the first stderr text matching `re`. */
  readonly stderrMatch: (re: RegExp) => Promise<void>;
}

/** Spawns the real bin with piped stdio (a worker process inherits the pipes). */
export function startBin(args: readonly string[], env: NodeJS.ProcessEnv = {}): BinRun {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: undefined, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c, sig) => resolve(shellStatus(c, sig))));
  const stderrClosed = new Promise<void>((resolve) => child.stderr.on('close', () => resolve()));
  const stderrMatch = (re: RegExp): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (!re.test(stderr)) return;
        child.stderr.off('data', check);
        resolve();
      };
      child.stderr.on('data', check);
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, exited, stderrClosed, stderrMatch };
}

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
  return stat === undefined || / Z /.test(stat.slice(stat.lastIndexOf(')')));
}
