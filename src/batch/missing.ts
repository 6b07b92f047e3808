import { createRequire } from 'node:module';
import path from 'node:path';
import type FastGlob from 'fast-glob';
import { COMMAND_NAMES as COMMANDS, FILTER_KINDS } from '../core/ops';
import { UsageError } from '../core/errors';
import { IMAGE_EXTENSIONS } from '../core/formats';
import { escapeControl } from '../core/names';
import { commonAncestor } from '../core/paths';
import type { JobError } from '../core/types';
import { errorCode, lstatNow } from './walk-fs';

const load = createRequire(__filename);
let loaded: typeof FastGlob | undefined;

/**
 * fast-glob, loaded the first time a folder or glob is walked or an argument names no path: a run of
 * named files never needs it (~25 ms of a one-file run's start).
 */
export function fastGlob(): typeof FastGlob {
  loaded ??= load('fast-glob') as typeof FastGlob;
  return loaded;
}

/**
 * Whether an argument that names no existing path is a glob: it has glob characters as fast-glob
 * reads them (`* ? [ ] { } ( | ) ! @ + \\`, in the combinations fast-glob treats as dynamic).
 * Anything else names one path, and when that path does not exist it is a typo, not a glob that
 * matched nothing. An existing path is always literal, whatever characters it holds.
 */
export function isGlobPattern(argument: string): boolean {
  return fastGlob().isDynamicPattern(argument);
}

/**
 * The static part of a glob (`photos/2024/*.jpg` → `<cwd>/photos/2024`), absolute. A brace pattern
 * becomes several tasks (`a/{x,y}/*.png` → `a/x`, `a/y`): the root is the folder holding them all.
 */
export function globBase(pattern: string, cwd: string): string {
  const bases = fastGlob()
    .generateTasks([pattern], { cwd })
    .map((task) => path.resolve(cwd, task.base));
  return bases.length === 0 ? path.resolve(cwd) : commonAncestor(bases);
}

/** The filter names: an argument equal to one is a second filter typed as an input. */
const FILTER_NAMES: readonly string[] = FILTER_KINDS;
const COMMAND_NAMES: readonly string[] = COMMANDS;

/** Why an argument with no glob characters matched nothing, naming the part that is missing. */
function whatIsMissing(abs: string): string {
  let missing = abs;
  let parent = path.dirname(abs);
  while (parent !== missing && lstatNow(parent) === undefined) {
    missing = parent;
    parent = path.dirname(parent);
  }
  const stat = lstatNow(parent);
  if (stat !== undefined && !stat.isDirectory() && !stat.isSymbolicLink()) return `${escapeControl(parent)} is a file, not a folder`;
  if (missing !== abs) return `the folder ${escapeControl(missing)} does not exist`;
  return `nothing named ${escapeControl(JSON.stringify(path.basename(abs)))} in ${escapeControl(parent)}`;
}

/** A hint when the argument looks like a word meant for the command line rather than a path. */
function hint(argument: string): string {
  const shown = escapeControl(JSON.stringify(argument));
  if (FILTER_NAMES.includes(argument)) {
    return `; ${shown} is not a file: filter takes one filter name (run imgbatch again on the outputs for a second filter)`;
  }
  if (COMMAND_NAMES.includes(argument)) return `; ${shown} is not a file: imgbatch runs one command at a time`;
  return '';
}

/**
 * The failure of an argument that has no glob characters and names nothing: `NOT_FOUND` when it
 * (or a folder on its way) does not exist, else the reason it cannot be reached.
 */
export function missingFailure(argument: string, abs: string, error: unknown): JobError {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM') {
    return { code: 'PERMISSION_DENIED', message: `cannot reach the input: permission denied (${code})` };
  }
  if (code !== 'ENOENT' && code !== 'ENOTDIR') return { code: 'NOT_FOUND', message: `cannot reach the input (${code})${hint(argument)}` };
  return { code: 'NOT_FOUND', message: `no such file or folder: ${whatIsMissing(abs)}${hint(argument)}` };
}

/** What an argument gave, for the message when nothing at all was found. */
export interface ArgumentOutcome {
  /** Where it looked, or for a missing path, the path and why. */
  readonly where: string;
  readonly missing: boolean;
}

/** The `NO_INPUTS` usage error: names the paths that do not exist, then where it looked. */
export function noInputsError(outcomes: readonly ArgumentOutcome[]): UsageError {
  const missing = outcomes.filter((o) => o.missing).map((o) => `  ${o.where}`);
  const looked = outcomes.filter((o) => !o.missing).map((o) => `  ${o.where}`);
  const parts = [`Expected at least one image but found none.${missing.length === 0 ? ' Looked in:' : ''}`];
  if (missing.length > 0) {
    parts.push(`${missing.length === 1 ? 'This path does' : 'These paths do'} not exist (no glob characters, so not searched as a glob):`, ...missing);
    if (looked.length > 0) parts.push('Looked in:');
  }
  parts.push(...looked);
  parts.push(`Folders and globs pick the extensions ${IMAGE_EXTENSIONS.join(', ')} (any case, dotfiles ignored).`);
  return new UsageError('NO_INPUTS', parts.join('\n'));
}
