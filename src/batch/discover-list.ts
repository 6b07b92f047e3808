import path from 'node:path';
import { settleDuplicates, type DiscoverOptions, type Discovery } from './discover';
import { identify, type Found } from './identify';
import { missingFailure } from './missing';
import { escapeControl } from '../core/names';
import { commonAncestor, isInside } from '../core/paths';
import type { JobError } from '../core/types';
import { attempt, inSlices, linkFailure, lstatOf, realpathOf, statOf } from './walk-fs';

/** What discovery of a list takes: discovery's options, and the folder output paths are relative to. */
export type ListDiscoverOptions = DiscoverOptions & {
  /** Absolute; default: the deepest folder holding every listed path (`listRoot`). */
  readonly root?: string;
};

/** The folder a list's output paths are relative to: `root` when given, else the deepest folder holding every path. */
export function listRoot(paths: readonly string[], root: string | undefined): string {
  return root ?? commonAncestor(paths.map((p) => path.dirname(p)));
}

/**
 * Where a listed path's output goes below the output folder (`rel`, its folder relative to the
 * root), or undefined when it lies outside the root, by its path as written and by its real folder.
 */
export function listedRel(input: string, root: string, realRoot: string, realDir: string): string | undefined {
  if (isInside(input, root)) return path.relative(root, path.dirname(input));
  if (realDir === realRoot || isInside(realDir, realRoot)) return path.relative(realRoot, realDir);
  return undefined;
}

/**
 * Turns the paths of a `filesFrom` list into input entries, in list order, with the rules every
 * input follows: each path is taken literally (never a glob) and resolved against `cwd`; a path
 * that does not exist is a failure (`NOT_FOUND`), as is a folder (a list names files) and a path
 * outside the root (`OUTSIDE_ROOT`); a symbolic link is followed only while it stays inside the
 * root (else skipped, `outside-input-root`, unless `followExternalSymlinks`); dangling links and
 * loops fail; FIFOs and devices are skipped (`not-regular-file`); files in the output folder are
 * skipped (`inside-output-root`); a path listed twice gives one entry, and a file reached again
 * through a link is skipped (`duplicate`). Files to process carry their real path and identity.
 */
export async function discoverList(listed: readonly string[], options: ListDiscoverOptions): Promise<Discovery> {
  if (listed.length === 0) return { entries: [], empty: [], roots: [] };
  const inputs = listed.map((entry) => path.resolve(options.cwd, entry));
  const root = listRoot(inputs, options.root);
  const realRoot = await realpathOf(root);
  const folders = new Map<string, Promise<string>>();
  const realFolder = (dir: string): Promise<string> => {
    const known = folders.get(dir) ?? realpathOf(dir);
    folders.set(dir, known);
    return known;
  };
  const context: Context = { root, realRoot, realFolder, options };
  const found = await inSlices(listed, (entry, i) => classify(entry, inputs[i] ?? entry, context));
  const entries = settleDuplicates([await identify(found, realRoot, options.outputRoot, options.previewRoot)]);
  return { entries, empty: [], roots: [realRoot] };
}

interface Context {
  readonly root: string;
  readonly realRoot: string;
  readonly realFolder: (dir: string) => Promise<string>;
  readonly options: ListDiscoverOptions;
}

/** One listed path: a file to process, or the skip or failure that says why not. */
async function classify(entry: string, input: string, c: Context): Promise<Found> {
  const base = { input, rel: '', argument: entry };
  const lstat = await attempt(() => lstatOf(input));
  if (!lstat.ok) return { ...base, failure: missingFailure(entry, input, lstat.error) };
  const link = lstat.value.isSymbolicLink();
  // Only a link's last step needs a second stat: for anything else lstat already saw the target.
  const target = link ? await attempt(() => statOf(input)) : lstat;
  if (target.ok && target.value.isDirectory()) return { ...base, failure: LISTED_FOLDER };
  const realDir = await c.realFolder(path.dirname(input));
  const rel = listedRel(input, c.root, c.realRoot, realDir);
  if (rel === undefined) return { ...base, failure: outsideRoot(c.root) };
  const found = { ...base, rel };
  if (!target.ok) return { ...found, failure: linkFailure(target.error) };
  const real = link ? await realpathOf(input) : path.join(realDir, path.basename(input));
  const external = real !== c.realRoot && !isInside(real, c.realRoot);
  if (external && c.options.followExternalSymlinks !== true) return { ...found, skip: 'outside-input-root' };
  if (!target.value.isFile()) return { ...found, skip: 'not-regular-file' };
  // Reached through a link (to the file, or a folder on its way): the path without links wins a duplicate.
  return real === input ? found : { ...found, source: real, viaLink: true };
}

const LISTED_FOLDER: JobError = {
  code: 'NOT_REGULAR_FILE',
  message: 'a folder: a --files-from list names files, not folders (find … -type f lists only files)',
};

function outsideRoot(root: string): JobError {
  return {
    code: 'OUTSIDE_ROOT',
    message: `outside the list's root ${escapeControl(root)}: output paths are relative to it (--root sets it; by default it is the deepest folder holding every listed path)`,
  };
}
