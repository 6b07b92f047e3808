import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { UsageError } from './errors';
import { commonAncestor, isInside } from './paths';
import type { Discovered, JobError } from './types';

import { IMAGE_EXTENSIONS } from './extensions';

export { IMAGE_EXTENSIONS };

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
  /**
   * Follow symbolic links whose target lies outside the argument's root. Off: such links are
   * reported as skipped (`outside-input-root`) and nothing outside the root is read.
   * @default false
   */
  readonly followExternalSymlinks?: boolean;
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

/** One path found by a walk, before duplicates are settled. */
interface Found extends Discovered {
  /** For a link to a file: the real path of the file it reaches. */
  readonly target?: string;
}

/**
 * Turns arguments into input files. An argument naming an existing file or folder is taken
 * literally (whatever characters it holds); anything else is a glob. Every path found gets exactly
 * one entry: a file to process, or a skip or failure that says why not. Symbolic links are never
 * followed blindly: a link inside the argument's root reaches a file that is processed once, a link
 * that leaves the root is skipped unless `followExternalSymlinks`, and loops or dangling links
 * become failures instead of hangs. Throws a `UsageError` (`NO_INPUTS`) that says where it looked
 * when nothing at all is found.
 */
export async function discover(args: readonly string[], options: DiscoverOptions): Promise<Discovery> {
  const perArgument: { found: readonly Found[]; where: string }[] = [];
  for (const argument of args) {
    const result = await discoverOne(argument, options);
    const exclude = options.exclude;
    const kept =
      exclude !== undefined && isInside(exclude, result.root) ? result.found.filter((e) => !isInside(e.input, exclude)) : result.found;
    const left = result.found.length - kept.length;
    const where =
      left === 0 ? result.where : `${result.where}: its ${left} image(s) lie inside the output folder ${exclude ?? ''}, which is never read as input`;
    perArgument.push({ found: kept, where });
  }
  const entries = await settleDuplicates(perArgument.map((a) => a.found));
  const empty = perArgument.filter((a) => a.found.length === 0).map((a) => a.where);
  if (entries.length === 0) {
    throw new UsageError(
      'NO_INPUTS',
      `Expected at least one image but found none. Looked in:\n${empty.map((w) => `  ${w}`).join('\n')}\n` +
        `Folders and globs pick the extensions ${IMAGE_EXTENSIONS.join(', ')} (any case, dotfiles ignored).`,
    );
  }
  return { entries, empty };
}

/**
 * One entry per path; a file reached both directly and through a symbolic link is processed once
 * (the direct path), and the link is reported as skipped (`duplicate`). Real paths of plain files
 * are looked up only when some link to a file was found, so the common case costs no syscalls.
 */
async function settleDuplicates(groups: readonly (readonly Found[])[]): Promise<Discovered[]> {
  const all = groups.flat();
  const claimed = new Set<string>();
  if (all.some((f) => f.target !== undefined)) {
    for (const f of all) {
      if (f.target === undefined && f.skip === undefined && f.failure === undefined) claimed.add(await realpathOr(f.input));
    }
  }
  const seenPaths = new Set<string>();
  const out: Discovered[] = [];
  for (const f of all) {
    if (seenPaths.has(f.input)) continue;
    seenPaths.add(f.input);
    if (f.target === undefined) {
      out.push(f);
      continue;
    }
    const { target, ...entry } = f;
    if (claimed.has(target)) {
      out.push({ ...entry, skip: 'duplicate' });
      continue;
    }
    claimed.add(target);
    out.push(entry);
  }
  return out;
}

interface ArgumentResult {
  readonly found: readonly Found[];
  /** Folder the argument's outputs are relative to. */
  readonly root: string;
  readonly where: string;
}

async function discoverOne(argument: string, options: DiscoverOptions): Promise<ArgumentResult> {
  const abs = path.resolve(options.cwd, argument);
  const lstat = await attempt(() => fs.promises.lstat(abs));
  if (lstat.ok) {
    const target = await attempt(() => fs.promises.stat(abs));
    if (target.ok && target.value.isDirectory()) {
      const root = await realpathOr(abs);
      const found = await walk({ pattern: options.recursive ? '**/*' : '*', cwd: abs, relRoot: abs, realRoot: root, argument, recursive: options.recursive, options, visited: new Set([root]) });
      const mode = options.recursive ? 'recursively' : 'not recursive; -r walks subfolders';
      return { found, root: abs, where: `folder ${abs} (${mode})` };
    }
    // A file named explicitly is tried whatever its extension; the user named it, so a link is
    // followed wherever it points. Anything but a regular file is never opened.
    const base = { input: abs, rel: '', argument };
    const found: Found = target.ok
      ? target.value.isFile()
        ? base
        : { ...base, skip: 'not-regular-file' }
      : { ...base, failure: linkFailure(target.error) };
    return { found: [found], root: path.dirname(abs), where: `file ${abs}` };
  }
  const base = globBase(argument, options.cwd);
  const found = await walk({
    pattern: argument,
    cwd: options.cwd,
    relRoot: base,
    realRoot: await realpathOr(base),
    argument,
    recursive: argument.includes('**'),
    options,
    visited: new Set(),
  });
  return { found, root: base, where: `glob ${JSON.stringify(argument)} (from ${options.cwd})` };
}

interface Walk {
  readonly pattern: string;
  readonly cwd: string;
  /** Outputs mirror the tree below this folder. */
  readonly relRoot: string;
  /** The real (link-free) root: a link whose target leaves it is external. */
  readonly realRoot: string;
  readonly argument: string;
  /** The walk descends into subfolders (`-r`, or a `**` glob): external folder links matter. */
  readonly recursive: boolean;
  readonly options: DiscoverOptions;
  /** Real folders already walked, so followed links cannot loop. */
  readonly visited: Set<string>;
  /** Maps a path found below a followed link's target back to the path through the link. */
  readonly logical?: (p: string) => string;
}

/** Runs one glob without following links; unreadable folders become failures, not silence. */
async function walk(w: Walk): Promise<Found[]> {
  const unreadable: { dir: string; code: string }[] = [];
  const entries = await fg(w.pattern, {
    cwd: w.cwd,
    absolute: true,
    dot: false,
    onlyFiles: false,
    objectMode: true,
    followSymbolicLinks: false,
    suppressErrors: false,
    unique: false, // one pattern per walk: no duplicates to remove, and no set of every path
    fs: { readdir: recordingReaddir(unreadable) },
  });
  const found: Found[] = [];
  const logical = w.logical ?? ((p: string): string => p);
  const entry = (p: string, extra: Partial<Found> = {}): Found => {
    const input = logical(path.normalize(p));
    return { input, rel: path.relative(w.relRoot, path.dirname(input)), argument: w.argument, ...extra };
  };
  for (const u of unreadable) found.push(entry(u.dir, { failure: folderFailure(u.code) }));
  for (const e of entries) {
    const kind = e.dirent;
    if (kind.isDirectory()) continue;
    const imageName = hasImageExtension(e.path);
    if (kind.isSymbolicLink()) {
      if (imageName || w.recursive) found.push(...(await followLink(e.path, imageName, w, entry)));
      continue;
    }
    if (!imageName) continue;
    found.push(kind.isFile() ? entry(e.path) : entry(e.path, { skip: 'not-regular-file' }));
  }
  return found.sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
}

/** Classifies one symbolic link: never reads outside the root unless asked to. */
async function followLink(link: string, imageName: boolean, w: Walk, entry: (p: string, extra?: Partial<Found>) => Found): Promise<Found[]> {
  const target = await attempt(() => fs.promises.stat(link));
  if (!target.ok) return imageName ? [entry(link, { failure: linkFailure(target.error) })] : [];
  const real = await realpathOr(link);
  const external = real !== w.realRoot && !isInside(real, w.realRoot);
  const follow = !external || w.options.followExternalSymlinks === true;
  if (target.value.isDirectory()) {
    // A folder inside the root is walked through its real path already.
    if (!w.recursive || !external) return [];
    if (!follow) return [entry(link, { skip: 'outside-input-root' })];
    if (w.visited.has(real)) return [];
    w.visited.add(real);
    const outer = w.logical ?? ((p: string): string => p);
    const through = path.normalize(link);
    return walk({ ...w, pattern: '**/*', cwd: real, logical: (p) => outer(path.join(through, path.relative(real, p))) });
  }
  if (!imageName) return [];
  if (!follow) return [entry(link, { skip: 'outside-input-root' })];
  if (!target.value.isFile()) return [entry(link, { skip: 'not-regular-file' })];
  return [entry(link, { target: real })];
}

type Readdir = typeof fs.readdir;

/** fs.readdir for fast-glob that records folders it may not read and carries on without them. */
function recordingReaddir(unreadable: { dir: string; code: string }[]): Readdir {
  const wrapped = (dir: fs.PathLike, ...rest: unknown[]): void => {
    const callback = rest.pop() as (error: NodeJS.ErrnoException | null, entries?: unknown) => void;
    const done = (error: NodeJS.ErrnoException | null, entries?: unknown): void => {
      if (error !== null && error.code !== 'ENOENT' && error.code !== 'ENOTDIR') {
        unreadable.push({ dir: String(dir), code: error.code ?? 'EIO' });
        callback(null, []);
        return;
      }
      callback(error, entries);
    };
    (fs.readdir as (...a: unknown[]) => void)(dir, ...rest, done);
  };
  return wrapped as unknown as Readdir;
}

/**
 * The static part of a glob (`photos/2024/*.jpg` → `<cwd>/photos/2024`), absolute. A brace pattern
 * becomes several tasks (`a/{x,y}/*.png` → `a/x`, `a/y`): the root is the folder holding them all.
 */
export function globBase(pattern: string, cwd: string): string {
  const bases = fg.generateTasks([pattern], { cwd }).map((task) => path.resolve(cwd, task.base));
  return bases.length === 0 ? path.resolve(cwd) : commonAncestor(bases);
}

function linkFailure(error: unknown): JobError {
  const code = errorCode(error);
  if (code === 'ENOENT') return { code: 'DANGLING_SYMLINK', message: 'dangling symbolic link: its target does not exist' };
  if (code === 'ELOOP') return { code: 'SYMLINK_LOOP', message: 'symbolic link loop: too many levels of symbolic links (ELOOP)' };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'PERMISSION_DENIED', message: `cannot read the input: permission denied (${code})` };
  return { code: 'NOT_FOUND', message: `cannot reach the input: ${code}` };
}

function folderFailure(code: string): JobError {
  return code === 'EACCES' || code === 'EPERM'
    ? { code: 'PERMISSION_DENIED', message: `cannot read the folder: permission denied (${code}); its files were not searched` }
    : { code: 'FOLDER_UNREADABLE', message: `cannot read the folder (${code}); its files were not searched` };
}

const errorCode = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'EIO';

type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };
async function attempt<T>(f: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (error: unknown) {
    return { ok: false, error };
  }
}

async function realpathOr(p: string): Promise<string> {
  const r = await attempt(() => fs.promises.realpath(p));
  return r.ok ? r.value : path.resolve(p);
}
