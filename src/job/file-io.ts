import fs from 'node:fs';
import path from 'node:path';
import { tempPathFor } from './atomic';
import { JobFailure } from './failure';

export type ReadOutcome = { kind: 'file'; data: Buffer } | { kind: 'not-regular-file' };

/**
 * The file system calls of one job. Two implementations with the same behaviour:
 * - `asyncFileIO`, for a thread that does other work meanwhile (the default);
 * - `blockingFileIO`, for a worker thread that runs one file at a time. Each asynchronous call
 *   costs a hop to libuv's thread pool and a wake-up of the event loop (measured with strace: ~15
 *   wake-ups per small file); blocking calls cost one system call each, and the thread has nothing
 *   else to do while it waits.
 */
export interface FileIO {
  /** Whether something exists at `file` (without following a final symbolic link). */
  exists(file: string): Promise<boolean>;
  /**
   * Reads an input whole, refusing anything but a regular file. The file is opened non-blocking,
   * so a FIFO named `x.jpg` is seen for what it is instead of blocking forever, and it is checked
   * on the open descriptor, so a swap between check and read cannot slip a FIFO in.
   */
  readInput(file: string): Promise<ReadOutcome>;
  /**
   * Writes `data` to a new temporary beside `dest` and renames it into place, so the final name
   * never holds a partial file; the temporary is removed on every error path.
   */
  writeOutput(dest: string, data: Buffer): Promise<void>;
}

const OPEN_INPUT = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;
const empty = (): JobFailure => new JobFailure('EMPTY_FILE', 'the file is empty (0 bytes)');

export const asyncFileIO: FileIO = {
  async exists(file) {
    try {
      await fs.promises.lstat(file);
      return true;
    } catch {
      return false;
    }
  },
  async readInput(file) {
    const handle = await fs.promises.open(file, OPEN_INPUT);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return { kind: 'not-regular-file' };
      if (stat.size === 0) throw empty();
      return { kind: 'file', data: await handle.readFile() };
    } finally {
      await handle.close();
    }
  },
  async writeOutput(dest, data) {
    await fs.promises.mkdir(path.dirname(dest), { recursive: true });
    const temp = tempPathFor(dest);
    try {
      await fs.promises.writeFile(temp, data, { flag: 'wx' });
      await fs.promises.rename(temp, dest);
    } catch (error: unknown) {
      await fs.promises.rm(temp, { force: true });
      throw error;
    }
  },
};

export const blockingFileIO: FileIO = {
  exists(file) {
    try {
      fs.lstatSync(file);
      return Promise.resolve(true);
    } catch {
      return Promise.resolve(false);
    }
  },
  readInput(file) {
    return new Promise<ReadOutcome>((resolve) => {
      const fd = fs.openSync(file, OPEN_INPUT);
      try {
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) {
          resolve({ kind: 'not-regular-file' });
          return;
        }
        if (stat.size === 0) throw empty();
        resolve({ kind: 'file', data: fs.readFileSync(fd) });
      } finally {
        fs.closeSync(fd);
      }
    });
  },
  writeOutput(dest, data) {
    return new Promise<void>((resolve) => {
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      const temp = tempPathFor(dest);
      try {
        fs.writeFileSync(temp, data, { flag: 'wx' });
        fs.renameSync(temp, dest);
      } catch (error: unknown) {
        fs.rmSync(temp, { force: true });
        throw error;
      }
      resolve();
    });
  },
};
