import fs from 'node:fs';
import path from 'node:path';
import { fsPath } from '../core/names';
import { tempPathFor } from './atomic';
import { JobFailure } from './failure';
import { errnoCode } from '../core/errors';
import { fdPath, type FsPath, type Sys } from './sys';

/** Where one output goes: the file, and the real folder it must stay inside. */
export interface OutputTarget {
  readonly output: string;
  /** Default: the output's own folder. */
  readonly outputRoot?: string;
}

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_DIRECTORY, O_NOFOLLOW } = fs.constants;
const OPEN_FOLDER = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;
const CREATE_TEMP = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;

const symlinked = (shown: string): JobFailure =>
  new JobFailure(
    'UNSAFE_OUTPUT_PATH',
    `cannot write the output: ${shown} is a symbolic link (outputs are written only in real folders under the output folder)`,
  );
const notFolder = (shown: string): JobFailure => new JobFailure('WRITE_FAILED', `cannot write the output: ${shown} is not a folder`);

/** The root, and the names of the folders from it down to the output's folder. */
export function foldersBelowRoot(target: OutputTarget): { root: string; names: string[] } {
  const root = target.outputRoot ?? path.dirname(target.output);
  const rel = path.relative(root, path.dirname(target.output));
  if (rel === '') return { root, names: [] };
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new JobFailure('UNSAFE_OUTPUT_PATH', `cannot write the output: it is not inside the output folder ${root}`);
  }
  return { root, names: rel.split(path.sep) };
}

/** Why a folder could not be opened without following a link: a link, or not a folder at all. */
async function refusal(sys: Sys, at: FsPath, shown: string, error: unknown): Promise<unknown> {
  const code = errnoCode(error);
  if (code !== 'ELOOP' && code !== 'ENOTDIR') return error;
  const stat = await sys.lstat(at).catch(() => undefined);
  if (stat?.isSymbolicLink() === true || (code === 'ELOOP' && stat === undefined)) return symlinked(shown);
  return stat?.isDirectory() === true ? error : notFolder(shown);
}

/** Opens a folder that must be a real one (no link as its last component), creating it if missing. */
async function openFolder(sys: Sys, at: string, shown: string, create: (p: FsPath) => Promise<void>): Promise<number> {
  const p = fsPath(at);
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await sys.open(p, OPEN_FOLDER);
    } catch (error: unknown) {
      if (errnoCode(error) !== 'ENOENT' || attempt > 0) throw await refusal(sys, p, shown, error);
    }
    await create(p).catch((error: unknown) => {
      if (errnoCode(error) !== 'EEXIST') throw error;
    });
  }
}

/**
 * Opens the output's folder and returns its descriptor (the caller closes it). Each folder below
 * the root is created and entered through `/proc/self/fd/<parent>/<name>`, the open parent, with
 * O_NOFOLLOW: a link put in place of any of them, before or during the walk, is refused and never
 * entered, and once open a folder stays the one written into, whatever is renamed meanwhile.
 */
export async function openOutputFolder(sys: Sys, target: OutputTarget): Promise<number> {
  const { root, names } = foldersBelowRoot(target);
  // The root is the caller's own, real folder: created as a path (with its parents) if missing.
  let fd = await openFolder(sys, root, root, (p) => sys.mkdirs(p));
  let shown = root;
  try {
    for (const name of names) {
      shown = path.join(shown, name);
      const child = await openFolder(sys, fdPath(fd, name), shown, (p) => sys.mkdir(p));
      await sys.close(fd);
      fd = child;
    }
    return fd;
  } catch (error: unknown) {
    await sys.close(fd);
    throw error;
  }
}

/** Writes `data` to the new file `temp`, then renames it to `dest`; the temporary never stays. */
async function writeAndRename(sys: Sys, temp: FsPath, dest: FsPath, data: Buffer): Promise<void> {
  const fd = await sys.open(temp, CREATE_TEMP, 0o666);
  try {
    try {
      for (let done = 0; done < data.length;) done += await sys.write(fd, data, done, data.length - done);
    } finally {
      await sys.close(fd);
    }
    await sys.rename(temp, dest);
  } catch (error: unknown) {
    await sys.unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes one output: a new temporary in the output's folder, renamed over the final name (which is
 * replaced, a link included, never followed). With `procFd` (Linux) the folder is held open from
 * the root down and every name is resolved inside it, so no swap can redirect the write; without
 * it each folder is checked with lstat, which a concurrent swap can race.
 */
export async function writeOutputFile(sys: Sys, target: OutputTarget, data: Buffer, procFd: boolean): Promise<void> {
  if (!procFd) {
    const folder = await checkFoldersByPath(sys, target);
    const tempName = path.basename(tempPathFor(target.output));
    await writeAndRename(sys, fsPath(path.join(folder, tempName)), fsPath(path.join(folder, path.basename(target.output))), data);
    return;
  }
  const fd = await openOutputFolder(sys, target);
  try {
    await writeIntoFolder(sys, fd, target.output, data);
  } finally {
    await sys.close(fd);
  }
}

/** Writes `data` as the output's file name inside the open folder `fd` (see `openOutputFolder`). */
export async function writeIntoFolder(sys: Sys, fd: number, output: string, data: Buffer): Promise<void> {
  const tempName = path.basename(tempPathFor(output));
  await writeAndRename(sys, fsPath(fdPath(fd, tempName)), fsPath(fdPath(fd, path.basename(output))), data);
}

/** The fallback without `/proc/self/fd`: creates the folders by path, refusing any that is a link. */
async function checkFoldersByPath(sys: Sys, target: OutputTarget): Promise<string> {
  const { root, names } = foldersBelowRoot(target);
  let at = root;
  for (const [i, name] of ['', ...names].entries()) {
    at = i === 0 ? root : path.join(at, name);
    const p = fsPath(at);
    await (i === 0 ? sys.mkdirs(p) : sys.mkdir(p)).catch((error: unknown) => {
      if (errnoCode(error) !== 'EEXIST') throw error;
    });
    const stat = await sys.lstat(p);
    if (stat.isSymbolicLink()) throw symlinked(at);
    if (!stat.isDirectory()) throw notFolder(at);
  }
  return at;
}
