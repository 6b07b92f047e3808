import fs from 'node:fs';
import { promisify } from 'node:util';

/** A path as Node's fs takes it: a string, or bytes for a name that is not valid UTF-8 (see `core/names`). */
export type FsPath = string | Buffer;

/**
 * The system calls a job makes, on descriptors. `input.ts` and `output-dir.ts` are written once
 * against this, so the two `FileIO`s behave the same and differ only in how each call waits.
 */
export interface Sys {
  open(file: FsPath, flags: number, mode?: number): Promise<number>;
  fstat(fd: number): Promise<fs.BigIntStats>;
  /** Reads up to `length` bytes at `position` into `buffer` at `offset`; resolves to the count read. */
  read(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number>;
  write(fd: number, buffer: Buffer, offset: number, length: number): Promise<number>;
  close(fd: number): Promise<void>;
  mkdir(dir: FsPath): Promise<void>;
  /** mkdir with its missing parents; no error when it exists. */
  mkdirs(dir: FsPath): Promise<void>;
  rename(from: FsPath, to: FsPath): Promise<void>;
  unlink(file: FsPath): Promise<void>;
  lstat(file: FsPath): Promise<fs.Stats>;
}

const openAsync = promisify(fs.open);
const fstatAsync = promisify(fs.fstat);
const readAsync = promisify(fs.read);
const writeAsync = promisify(fs.write);
const closeAsync = promisify(fs.close);

/** Each call goes to libuv's thread pool: the thread stays free for other work meanwhile. */
export const asyncSys: Sys = {
  open: (file, flags, mode) => openAsync(file, flags, mode),
  fstat: (fd) => fstatAsync(fd, { bigint: true }),
  read: async (fd, buffer, offset, length, position) => (await readAsync(fd, buffer, offset, length, position)).bytesRead,
  write: async (fd, buffer, offset, length) => (await writeAsync(fd, buffer, offset, length)).bytesWritten,
  close: (fd) => closeAsync(fd),
  mkdir: async (dir) => {
    await fs.promises.mkdir(dir);
  },
  mkdirs: async (dir) => {
    await fs.promises.mkdir(dir, { recursive: true });
  },
  rename: (from, to) => fs.promises.rename(from, to),
  unlink: (file) => fs.promises.unlink(file),
  lstat: (file) => fs.promises.lstat(file),
};

/** Runs a blocking call now and hands its outcome over as a settled promise. */
function now<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error: unknown) {
    return Promise.reject(error);
  }
}

/** Each call blocks the thread: one system call, no libuv hop and no event-loop wake-up. */
export const blockingSys: Sys = {
  open: (file, flags, mode) => now(() => fs.openSync(file, flags, mode)),
  fstat: (fd) => now(() => fs.fstatSync(fd, { bigint: true })),
  read: (fd, buffer, offset, length, position) => now(() => fs.readSync(fd, buffer, offset, length, position)),
  write: (fd, buffer, offset, length) => now(() => fs.writeSync(fd, buffer, offset, length)),
  close: (fd) => now(() => fs.closeSync(fd)),
  mkdir: (dir) => now(() => fs.mkdirSync(dir)),
  mkdirs: (dir) => now(() => void fs.mkdirSync(dir, { recursive: true })),
  rename: (from, to) => now(() => fs.renameSync(from, to)),
  unlink: (file) => now(() => fs.unlinkSync(file)),
  lstat: (file) => now(() => fs.lstatSync(file)),
};

let procFdChecked: boolean | undefined;
/**
 * Whether `/proc/self/fd/<n>` names this process's open descriptors (Linux). Through it a path
 * can start at an open folder (what openat and renameat do, which Node lacks) and a library that
 * takes only paths (libvips) can open the very file a descriptor holds.
 */
export function hasProcFd(): boolean {
  if (procFdChecked === undefined) {
    try {
      procFdChecked = fs.statSync('/proc/self/fd').isDirectory();
    } catch {
      procFdChecked = false;
    }
  }
  return procFdChecked;
}

/** The path of an open descriptor, or of `name` inside the open folder `fd` (see `hasProcFd`). */
export function fdPath(fd: number, name?: string): string {
  return name === undefined ? `/proc/self/fd/${fd}` : `/proc/self/fd/${fd}/${name}`;
}
