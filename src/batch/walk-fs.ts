import fs from 'node:fs';
import path from 'node:path';
import type { Options } from 'fast-glob';
import { fsPath, nameFromBytes } from '../core/names';
import type { FileId, JobError } from '../core/types';
import { errnoCode } from '../core/errors';

/**
 * File system calls of discovery, on names as bytes: every path reaches fs through `fsPath`, and
 * every name read from a folder is decoded losslessly (`nameFromBytes`), so a name that is not valid
 * UTF-8 is neither lost nor merged with another.
 */

type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };
export async function attempt<T>(f: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (error: unknown) {
    return { ok: false, error };
  }
}

export const errorCode = (error: unknown): string => errnoCode(error) ?? 'EIO';

export const lstatOf = (p: string): Promise<fs.BigIntStats> => fs.promises.lstat(fsPath(p), { bigint: true });
export const statOf = (p: string): Promise<fs.BigIntStats> => fs.promises.stat(fsPath(p), { bigint: true });

/**
 * lstat without a trip through libuv's thread pool: discovery and planning look at every file once,
 * and a synchronous call costs a few microseconds where an asynchronous one costs tens (the plan of
 * 10,000 files: bench/RESULTS.md, "Design decisions"). Undefined when nothing is there.
 */
export function lstatNow(p: string): fs.BigIntStats | undefined {
  return fs.lstatSync(fsPath(p), { bigint: true, throwIfNoEntry: false });
}

/** stat (following links) without a trip through libuv; undefined when it fails. */
export function statNow(p: string): fs.BigIntStats | undefined {
  try {
    return fs.statSync(fsPath(p), { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

export const idOf = (s: fs.BigIntStats): FileId => ({ dev: String(s.dev), ino: String(s.ino) });
export const idKey = (id: FileId): string => `${id.dev}:${id.ino}`;

/** The real (link-free) path, or the path itself made absolute when it cannot be resolved. */
export async function realpathOf(p: string): Promise<string> {
  const r = await attempt(() => fs.promises.realpath(fsPath(p), { encoding: 'buffer' }));
  return r.ok ? nameFromBytes(r.value) : path.resolve(p);
}

/**
 * The real path of `p` even when it does not exist yet: the real path of its deepest existing
 * ancestor, joined with the rest (for an output folder that the run will create).
 */
export async function realpathOfFuture(p: string): Promise<string> {
  const abs = path.resolve(p);
  const r = await attempt(() => fs.promises.realpath(fsPath(abs), { encoding: 'buffer' }));
  if (r.ok) return nameFromBytes(r.value);
  const up = path.dirname(abs);
  return up === abs ? abs : path.join(await realpathOfFuture(up), path.basename(abs));
}

type Callback = (error: NodeJS.ErrnoException | null, value?: unknown) => void;

/**
 * The `fs` adapter fast-glob walks with: folders are read with names as bytes (decoded
 * losslessly), paths go back to fs as bytes, and a folder that may not be read is recorded and
 * walked past instead of ending the walk.
 */
export function walkFs(unreadable: { dir: string; code: string }[]): NonNullable<Options['fs']> {
  const readdir = (dir: string, ...rest: unknown[]): void => {
    const callback = rest.pop() as Callback;
    fs.readdir(fsPath(dir), { withFileTypes: true, encoding: 'buffer' }, (error, entries) => {
      if (error !== null && error.code !== 'ENOENT' && error.code !== 'ENOTDIR') {
        unreadable.push({ dir, code: error.code ?? 'EIO' });
        callback(null, []);
        return;
      }
      if (error !== null) {
        callback(error);
        return;
      }
      for (const entry of entries) (entry as { name: unknown }).name = nameFromBytes(entry.name);
      callback(null, entries);
    });
  };
  const lstat = (p: string, ...rest: unknown[]): void => fs.lstat(fsPath(p), rest.pop() as Callback);
  const stat = (p: string, ...rest: unknown[]): void => fs.stat(fsPath(p), rest.pop() as Callback);
  return { readdir, lstat, stat };
}

export function linkFailure(error: unknown): JobError {
  const code = errorCode(error);
  if (code === 'ENOENT') return { code: 'DANGLING_SYMLINK', message: 'dangling symbolic link: its target does not exist' };
  if (code === 'ELOOP') return { code: 'SYMLINK_LOOP', message: 'symbolic link loop: too many levels of symbolic links (ELOOP)' };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'PERMISSION_DENIED', message: `cannot read the input: permission denied (${code})` };
  return { code: 'NOT_FOUND', message: `cannot reach the input: ${code}` };
}

export function folderFailure(code: string): JobError {
  return code === 'EACCES' || code === 'EPERM'
    ? { code: 'PERMISSION_DENIED', message: `cannot read the folder: permission denied (${code}); its files were not searched` }
    : { code: 'FOLDER_UNREADABLE', message: `cannot read the folder (${code}); its files were not searched` };
}

/** Files looked at at once: enough to overlap system calls, few enough to bound memory. */
const SLICE = 64;

/** `fn` over `items` in order, SLICE at a time. */
export async function inSlices<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let at = 0; at < items.length; at += SLICE) out.push(...(await Promise.all(items.slice(at, at + SLICE).map((item, i) => fn(item, at + i)))));
  return out;
}
