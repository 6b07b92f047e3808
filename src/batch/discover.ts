import path from 'node:path';
import { identify, type Found } from './identify';
import { fastGlob, globBase, isGlobPattern, missingFailure, noInputsError } from './missing';
import { escapeControl } from '../core/names';
import { isInside } from '../core/paths';
import type { ResolvedOptions } from '../core/options';
import type { Discovered } from '../core/types';
import { attempt, folderFailure, linkFailure, lstatOf, realpathOf, statOf, walkFs } from './walk-fs';

import { hasImageExtension, IMAGE_EXTENSIONS } from '../core/formats';

export { IMAGE_EXTENSIONS, globBase, hasImageExtension };

/**
 * What discovery takes of the batch options (`cwd`, `recursive`, `followExternalSymlinks`: their
 * meaning is the options'), and where the outputs go.
 */
export type DiscoverOptions = Pick<ResolvedOptions, 'cwd' | 'recursive'> &
  Partial<Pick<ResolvedOptions, 'followExternalSymlinks'>> & {
    /**
     * The real (link-free) output folder. A file whose real folder lies in it is never an input: it
     * is reported as skipped (`inside-output-root`), so outputs are not fed back in, whatever links
     * lead there. Unless it is the folder searched itself, or holds it: then nothing is left out, and
     * the plan refuses outputs that would overwrite inputs.
     */
    readonly outputRoot?: string;
    /** The real folder of the report's previews (`--report`): its files are never inputs either. */
    readonly previewRoot?: string;
  };

export interface Discovery {
  /** Every entry found, in argument order, each argument's entries sorted by path; no duplicates. */
  readonly entries: readonly Discovered[];
  /** Arguments that found nothing, each with where it looked. */
  readonly empty: readonly string[];
  /** The real paths of the folders searched (a file argument's own folder). */
  readonly roots: readonly string[];
}

/**
 * Turns arguments into input files. An argument naming an existing file or folder is taken
 * literally (whatever characters it holds); an argument with glob characters (`isGlobPattern`) is
 * a glob; any other argument names a path that does not exist, and is a failed entry (`NOT_FOUND`). Every path found gets exactly
 * one entry: a file to process, or a skip or failure that says why not. Names found in folders are
 * names (never split on `\\`, never re-read as patterns, kept as bytes when not valid UTF-8). Symbolic
 * links are never followed blindly: a link inside the argument's root reaches a file that is
 * processed once, a link that leaves the root is skipped unless `followExternalSymlinks`, and loops
 * or dangling links become failures instead of hangs. Each file to process carries the real path
 * and identity (device + inode) that were found, so a file swapped later is not read. Throws a
 * `UsageError` (`NO_INPUTS`) that says where it looked, and which paths do not exist, when nothing
 * at all is found.
 */
export async function discover(args: readonly string[], options: DiscoverOptions): Promise<Discovery> {
  const perArgument: { found: readonly Found[]; where: string; root: string; missing: boolean }[] = [];
  for (const argument of args) {
    const result = await discoverOne(argument, options);
    const found = await identify(result.found, result.realRoot, options.outputRoot, options.previewRoot);
    perArgument.push({ found, where: result.where, root: result.realRoot, missing: result.missing === true });
  }
  const searched = perArgument.filter((a) => !a.missing);
  // Nothing found at all, or only paths that do not exist: a usage error that names them.
  if (searched.every((a) => a.found.length === 0)) throw noInputsError(perArgument);
  const entries = settleDuplicates(perArgument.map((a) => a.found));
  const empty = searched.filter((a) => a.found.length === 0).map((a) => a.where);
  return { entries, empty, roots: [...new Set(searched.map((a) => a.root))] };
}

/**
 * One entry per path, and one process per file reached through links: a file reached through a
 * symbolic link (to it, or to a folder above it) whose identity was already found is reported as
 * skipped (`duplicate`); the path without links wins. Hard links found in folders are distinct names
 * and each is processed.
 */
export function settleDuplicates(groups: readonly (readonly Found[])[]): Discovered[] {
  const all = groups.flat();
  const key = (f: Found): string | undefined => (f.id === undefined || f.skip !== undefined || f.failure !== undefined ? undefined : `${f.id.dev}:${f.id.ino}`);
  const claimed = new Set<string>();
  for (const f of all) {
    const k = key(f);
    if (k !== undefined && f.viaLink !== true) claimed.add(k);
  }
  const seenPaths = new Set<string>();
  const out: Discovered[] = [];
  for (const f of all) {
    if (seenPaths.has(f.input)) continue;
    seenPaths.add(f.input);
    const { viaLink, ...entry } = f;
    const k = key(f);
    if (viaLink !== true || k === undefined) {
      out.push(entry);
    } else if (claimed.has(k)) {
      out.push({ input: entry.input, rel: entry.rel, argument: entry.argument, skip: 'duplicate' });
    } else {
      claimed.add(k);
      out.push(entry);
    }
  }
  return out;
}

interface ArgumentResult {
  readonly found: readonly Found[];
  /** The real path of the folder the argument's outputs are relative to. */
  readonly realRoot: string;
  readonly where: string;
  /** A path with no glob characters that names nothing: its one entry is a failure. */
  readonly missing?: boolean;
}

async function discoverOne(argument: string, options: DiscoverOptions): Promise<ArgumentResult> {
  const abs = path.resolve(options.cwd, argument);
  const shown = escapeControl(abs);
  const lstat = await attempt(() => lstatOf(abs));
  if (lstat.ok) {
    const target = await attempt(() => statOf(abs));
    if (target.ok && target.value.isDirectory()) {
      const root = await realpathOf(abs);
      const found = await walk({
        pattern: options.recursive ? '**/*' : '*',
        cwd: abs,
        relRoot: abs,
        realRoot: root,
        argument,
        recursive: options.recursive,
        options,
        visited: new Set([root]),
      });
      const mode = options.recursive ? 'recursively' : 'not recursive; -r walks subfolders';
      return { found, realRoot: root, where: `folder ${shown} (${mode})` };
    }
    // A file named explicitly is tried whatever its extension; the user named it, so a link is
    // followed wherever it points. Anything but a regular file is never opened.
    const base = { input: abs, rel: '', argument };
    const found: Found = target.ok ? (target.value.isFile() ? base : { ...base, skip: 'not-regular-file' }) : { ...base, failure: linkFailure(target.error) };
    return { found: [found], realRoot: await realpathOf(path.dirname(abs)), where: `file ${shown}` };
  }
  if (!isGlobPattern(argument)) {
    // No glob characters: a path that does not exist is a typo, not a glob that matched nothing.
    const failure = missingFailure(argument, abs, lstat.error);
    return {
      found: [{ input: abs, rel: '', argument, failure }],
      realRoot: abs,
      where: `${shown} (${failure.message.replace(/^no such file or folder: /, '')})`,
      missing: true,
    };
  }
  const base = globBase(argument, options.cwd);
  const realRoot = await realpathOf(base);
  const found = await walk({
    pattern: argument,
    cwd: options.cwd,
    relRoot: base,
    realRoot,
    argument,
    recursive: argument.includes('**'),
    options,
    visited: new Set(),
  });
  return { found, realRoot, where: `glob ${escapeControl(JSON.stringify(argument))} (from ${escapeControl(options.cwd)})` };
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
  const entries = await fastGlob()(w.pattern, {
    cwd: w.cwd,
    // Relative results: fast-glob's absolute mode rewrites `\` in names as `/`.
    absolute: false,
    dot: false,
    onlyFiles: false,
    objectMode: true,
    followSymbolicLinks: false,
    suppressErrors: false,
    unique: false, // one pattern per walk: no duplicates to remove, and no set of every path
    fs: walkFs(unreadable),
  });
  const found: Found[] = [];
  const underLink = w.logical !== undefined;
  const logical = w.logical ?? ((p: string): string => p);
  const entry = (p: string, extra: Partial<Found> = {}): Found => {
    const input = logical(p);
    return { input, rel: path.relative(w.relRoot, path.dirname(input)), argument: w.argument, ...(underLink ? { viaLink: true } : {}), ...extra };
  };
  for (const u of unreadable) found.push(entry(path.resolve(w.cwd, u.dir), { failure: folderFailure(u.code) }));
  for (const e of entries) {
    const kind = e.dirent;
    if (kind.isDirectory()) continue;
    const p = path.resolve(w.cwd, e.path);
    const imageName = hasImageExtension(p);
    if (kind.isSymbolicLink()) {
      if (imageName || w.recursive) found.push(...(await followLink(p, imageName, w, entry)));
      continue;
    }
    if (!imageName) continue;
    found.push(kind.isFile() ? entry(p) : entry(p, { skip: 'not-regular-file' }));
  }
  return found.sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
}

/** Classifies one symbolic link: never reads outside the root unless asked to. */
async function followLink(link: string, imageName: boolean, w: Walk, entry: (p: string, extra?: Partial<Found>) => Found): Promise<Found[]> {
  const target = await attempt(() => statOf(link));
  if (!target.ok) return imageName ? [entry(link, { failure: linkFailure(target.error) })] : [];
  const real = await realpathOf(link);
  const external = real !== w.realRoot && !isInside(real, w.realRoot);
  const follow = !external || w.options.followExternalSymlinks === true;
  if (target.value.isDirectory()) {
    // A folder inside the root is walked through its real path already.
    if (!w.recursive || !external) return [];
    if (!follow) return [entry(link, { skip: 'outside-input-root' })];
    if (w.visited.has(real)) return [];
    w.visited.add(real);
    const outer = w.logical ?? ((p: string): string => p);
    return walk({ ...w, pattern: '**/*', cwd: real, logical: (p) => outer(path.join(link, path.relative(real, p))) });
  }
  if (!imageName) return [];
  if (!follow) return [entry(link, { skip: 'outside-input-root' })];
  if (!target.value.isFile()) return [entry(link, { skip: 'not-regular-file' })];
  return [entry(link, { source: real, viaLink: true })];
}
