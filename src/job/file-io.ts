import { fsPath } from '../core/names';
import type { Job } from '../core/types';
import { openInput, type ReadOutcome } from './input';
import { writeOutputFile, type OutputTarget } from './output-dir';
import { asyncSys, blockingSys, hasProcFd, type Sys } from './sys';

export type { OpenedInput, ReadOutcome } from './input';
export type { OutputTarget } from './output-dir';

/**
 * The file system calls of one job. Two implementations with the same behaviour (one algorithm,
 * in `input.ts` and `output-dir.ts`, over two sets of system calls):
 * - `asyncFileIO`, for a thread that does other work meanwhile (the default);
 * - `blockingFileIO`, for a worker thread that runs one file at a time. Each asynchronous call
 *   costs a hop to libuv's thread pool and a wake-up of the event loop (bench/RESULTS.md, "Design
 *   decisions"); blocking calls cost one system call each, and the thread has nothing else to do
 *   while it waits.
 */
export interface FileIO {
  /** Whether something exists at `file` (without following a final symbolic link). */
  exists(file: string): Promise<boolean>;
  /**
   * Opens the job's input (`source ?? input`) and reads it whole, or only its head when it is large
   * (see `OpenedInput`), refusing anything but a regular file and, with `sourceId`, anything but the
   * file discovery saw (`changed`). The file is opened non-blocking, so a FIFO named `x.jpg` is seen
   * for what it is instead of blocking forever, and it is checked on the open descriptor, so a swap
   * between check and read cannot slip another file in. The caller closes the input.
   */
  readInput(job: Job): Promise<ReadOutcome>;
  /**
   * Writes `data` to a new temporary in the output's folder and renames it into place, so the final
   * name never holds a partial file; the temporary is removed on every error path. Folders below
   * `outputRoot` are created and entered only as real folders, never through a link.
   */
  writeOutput(target: OutputTarget, data: Buffer): Promise<void>;
}

/** A `FileIO` over one set of system calls; `procFd` false forces the fallback for other systems. */
export function fileIOWith(sys: Sys, procFd: boolean = hasProcFd()): FileIO {
  return {
    async exists(file) {
      try {
        await sys.lstat(fsPath(file));
        return true;
      } catch {
        return false;
      }
    },
    readInput: (job) => openInput(sys, job, procFd),
    writeOutput: (target, data) => writeOutputFile(sys, target, data, procFd),
  };
}

export const asyncFileIO: FileIO = fileIOWith(asyncSys);
export const blockingFileIO: FileIO = fileIOWith(blockingSys);
