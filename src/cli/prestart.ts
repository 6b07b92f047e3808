import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasImageExtension } from '../core/formats';
import { WHOLE_NUMBER_TEXT } from '../core/limits';
import { COMMAND_NAMES as COMMANDS } from '../core/ops';
import { maxWorkerThreads } from '../runners/budget';
import type { ChildConfig } from '../runners/protocol';

/** The commands that run a batch (kept here, not in cli.ts, so that main.ts can read it without yargs). */
export const COMMAND_NAMES: ReadonlySet<string> = new Set(COMMANDS);
// An incremental run starts its worker process only if something is to be built, and a dry run never.
const NO_RUN: ReadonlySet<string> = new Set(['-h', '--help', '-V', '--version', '--no-isolate', '--isolate=false', '--incremental', '--dry-run']);

/** `-j`'s value if it is one the options will accept; a guess (the options check it properly later). */
const positiveInt = (text: string | undefined): number | undefined =>
  text !== undefined && WHOLE_NUMBER_TEXT.test(text) && Number(text) >= 1 ? Number(text) : undefined;

/**
 * Whether argv looks like a batch that will use the worker process, and with how many workers; read
 * before yargs loads, so that the process can start while the flags are parsed and files are found.
 * A wrong guess only costs the spare process: the runner kills it and starts the right one.
 */
export function prestartConfig(argv: readonly string[], cwd: string = process.cwd()): ChildConfig | undefined {
  if (!COMMAND_NAMES.has(argv[0] ?? '')) return undefined;
  // A recipe can ask for an incremental run: starting a process it may not need is the wrong guess.
  if (argv[0] === 'run') return undefined;
  const end = argv.indexOf('--');
  const flags = end < 0 ? argv : argv.slice(0, end);
  // DEFAULTS.concurrency, without loading the options module on the `--version` path.
  let concurrency = os.availableParallelism();
  for (const [i, arg] of flags.entries()) {
    if (NO_RUN.has(arg) || NO_RUN.has(arg.replace(/=(?!false$).*$/, ''))) return undefined;
    let value: string | undefined;
    if (arg === '-j' || arg === '--concurrency') value = flags[i + 1];
    else if (arg.startsWith('--concurrency=')) value = arg.slice('--concurrency='.length);
    else if (/^-j=?\d/.test(arg)) value = arg.replace(/^-j=?/, '');
    else continue;
    const n = positiveInt(value);
    if (n === undefined) return undefined;
    concurrency = n;
  }
  return { concurrency: Math.min(concurrency, maxWorkerThreads()), ...(namesOneFile(argv, cwd) ? { preload: true } : {}) };
}

const GLOB_CHARACTERS = /[*?[\]{}()!]/;

/**
 * Whether the arguments look like a run of one file: exactly one of them names an existing file
 * with an image extension, and none names a folder (other than `-o`'s) or looks like a glob. Flag
 * values are not told apart from inputs (yargs has not loaded): `--width 800` names no file. A
 * guess: when right, the worker process loads libvips while this process parses and plans.
 */
export function namesOneFile(argv: readonly string[], cwd: string): boolean {
  let files = 0;
  for (const [i, arg] of argv.entries()) {
    const previous = argv[i - 1];
    if (i === 0 || arg.startsWith('-') || previous === '-o' || previous === '--out') continue;
    const stat = fs.statSync(path.resolve(cwd, arg), { throwIfNoEntry: false });
    if (stat?.isDirectory() === true || (stat === undefined && GLOB_CHARACTERS.test(arg))) return false;
    if (stat?.isFile() === true && hasImageExtension(arg)) files += 1;
    // Two files are already not one: no more stat calls before yargs loads (a shell-expanded glob).
    if (files > 1) return false;
  }
  return files === 1;
}
