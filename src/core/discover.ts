import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { UsageError } from './errors';
import { commonAncestor, isInside } from './paths';
import type { Discovered } from './types';

/** Extensions picked from folders and globs (compared case-insensitively). */
export const IMAGE_EXTENSIONS: readonly string[] = ['jpg', 'jpeg', 'png', 'webp', 'gif', 'tif', 'tiff', 'avif'];

export interface DiscoverOptions {
  /** Folder relative arguments are resolved against. */
  readonly cwd: string;
  /** Walk subfolders of folder arguments. */
  readonly recursive: boolean;
  /**
   * The output folder, absolute. When it lies strictly inside the folder or glob root being
   * searched, the files below it are never inputs, so outputs are not fed back in. Otherwise (it is
   * the searched folder itself, or outside it) nothing is left out: the plan refuses outputs that
   * would overwrite inputs.
   */
  readonly exclude?: string;
}

export interface Discovery {
  /** Every entry found, in argument order, each argument's entries sorted by path; no duplicates. */
  readonly entries: readonly Discovered[];
  /** Arguments that found nothing, each with where it looked. */
  readonly empty: readonly string[];
}

export function hasImageExtension(file: string): boolean {
  return IMAGE_EXTENSIONS.includes(path.extname(file).slice(1).toLowerCase());
}

/**
 * Turns arguments into input files. An argument naming an existing file or folder is taken
 * literally (whatever characters it holds); anything else is a glob. Throws a `UsageError`
 * (`NO_INPUTS`) that says where it looked when nothing at all is found.
 */
export async function discover(args: readonly string[], options: DiscoverOptions): Promise<Discovery> {
  const seen = new Set<string>();
  const entries: Discovered[] = [];
  const empty: string[] = [];
  for (const argument of args) {
    const found = await discoverOne(argument, options);
    const exclude = options.exclude;
    // Only an output folder strictly inside the searched root can feed outputs back in.
    const kept =
      exclude !== undefined && isInside(exclude, found.root) ? found.entries.filter((e) => !isInside(e.input, exclude)) : found.entries;
    if (kept.length === 0) {
      const left = found.entries.length - kept.length;
      empty.push(left === 0 ? found.where : `${found.where}: its ${left} image(s) lie inside the output folder ${exclude ?? ''}, which is never read as input`);
    }
    for (const e of kept) {
      if (seen.has(e.input)) continue;
      seen.add(e.input);
      entries.push(e);
    }
  }
  if (entries.length === 0) {
    throw new UsageError(
      'NO_INPUTS',
      `Expected at least one image but found none. Looked in:\n${empty.map((w) => `  ${w}`).join('\n')}\n` +
        `Folders and globs pick the extensions ${IMAGE_EXTENSIONS.join(', ')} (any case, dotfiles ignored).`,
    );
  }
  return { entries, empty };
}

interface ArgumentResult {
  readonly entries: readonly Discovered[];
  /** Folder the argument's outputs are relative to. */
  readonly root: string;
  readonly where: string;
}

async function discoverOne(argument: string, options: DiscoverOptions): Promise<ArgumentResult> {
  const abs = path.resolve(options.cwd, argument);
  const stat = await statOrNull(abs);
  if (stat?.isDirectory()) {
    const entries = await walk(options.recursive ? '**/*' : '*', abs, argument, abs);
    const mode = options.recursive ? 'recursively' : 'not recursive; -r walks subfolders';
    return { entries, root: abs, where: `folder ${abs} (${mode})` };
  }
  if (stat !== null || (await lstatOrNull(abs)) !== null) {
    // An explicit file is tried whatever its extension; a non-regular one is skipped, never opened.
    const skip = stat?.isFile() ? {} : { skip: 'not-regular-file' as const };
    return { entries: [{ input: abs, rel: '', argument, ...skip }], root: path.dirname(abs), where: `file ${abs}` };
  }
  const base = globBase(argument, options.cwd);
  const entries = await walk(argument, options.cwd, argument, base);
  return { entries, root: base, where: `glob ${JSON.stringify(argument)} (from ${options.cwd})` };
}

/** Runs one glob under cwd; keeps image-named non-directories; rel is relative to root. */
async function walk(pattern: string, cwd: string, argument: string, root: string): Promise<Discovered[]> {
  const found = await fg(pattern, {
    cwd,
    absolute: true,
    dot: false,
    onlyFiles: false,
    objectMode: true,
    followSymbolicLinks: true,
    suppressErrors: true,
    unique: true,
  });
  const entries: Discovered[] = [];
  for (const entry of found) {
    if (entry.dirent.isDirectory() || !hasImageExtension(entry.path)) continue;
    const input = path.normalize(entry.path);
    const rel = path.relative(root, path.dirname(input));
    entries.push(entry.dirent.isFile() ? { input, rel, argument } : { input, rel, argument, skip: 'not-regular-file' });
  }
  return entries.sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
}

/**
 * The static part of a glob (`photos/2024/*.jpg` → `<cwd>/photos/2024`), absolute. A brace pattern
 * becomes several tasks (`a/{x,y}/*.png` → `a/x`, `a/y`): the root is the folder holding them all.
 */
export function globBase(pattern: string, cwd: string): string {
  const bases = fg.generateTasks([pattern], { cwd }).map((task) => path.resolve(cwd, task.base));
  return bases.length === 0 ? path.resolve(cwd) : commonAncestor(bases);
}

async function statOrNull(p: string): Promise<fs.Stats | null> {
  try {
    return await fs.promises.stat(p);
  } catch {
    return null;
  }
}

async function lstatOrNull(p: string): Promise<fs.Stats | null> {
  try {
    return await fs.promises.lstat(p);
  } catch {
    return null;
  }
}
