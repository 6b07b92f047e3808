import fs from 'node:fs';
import { fsPath } from '../core/names';
import type { Job } from '../core/types';
import { JobFailure } from './failure';
import { sniffFormat } from './sniff';
import { errnoCode } from '../core/errors';
import { fdPath, type Sys } from './sys';

/** Files up to this size are read whole; larger ones are decoded from their descriptor. */
export const WHOLE_FILE_LIMIT = 32 * 1024 * 1024;
/** The most read whole into memory (Node's own limit for readFile). */
const WHOLE_READ_MAX = 2 ** 31 - 1;
/** What is read of a larger file, for sniffing, preflight and header facts. */
export const HEAD_BYTES = 1024 * 1024;

/**
 * An input opened for one job: its content, whole or a head of it, and the descriptor that holds
 * the file until `close`. Everything about the file is read through that one descriptor.
 */
export interface OpenedInput {
  /** Size of the file in bytes. */
  readonly size: number;
  /** The whole content, when it was read whole (the only case `diagnose` may look at it). */
  readonly data?: Buffer;
  /** The first bytes (the whole content when `data` is set). */
  readonly head: Buffer;
  /** What to hand sharp: the whole content, or `/proc/self/fd/<fd>`, the file this input opened. */
  readonly source: Buffer | string;
  /** Closes the descriptor; call it once the pipeline, retries included, has finished. */
  close(): Promise<void>;
}

export type ReadOutcome = { kind: 'file'; input: OpenedInput } | { kind: 'not-regular-file' } | { kind: 'changed' };

const OPEN_INPUT = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;

/**
 * Opens the file discovery saw (`job.source ?? job.input`) and reads it, or its head. With
 * `job.sourceId` the final name must be no link (O_NOFOLLOW) and the opened file must be that one;
 * otherwise the outcome is `changed` and nothing is read. The open is non-blocking and the type is
 * checked on the descriptor, so a FIFO is refused instead of blocking.
 */
export async function openInput(sys: Sys, job: Job, procFd: boolean): Promise<ReadOutcome> {
  const flags = OPEN_INPUT | (job.sourceId === undefined ? 0 : fs.constants.O_NOFOLLOW);
  let fd: number;
  try {
    fd = await sys.open(fsPath(job.source ?? job.input), flags);
  } catch (error: unknown) {
    if (job.sourceId !== undefined && errnoCode(error) === 'ELOOP') return { kind: 'changed' };
    throw error;
  }
  let handed = false;
  try {
    const stat = await sys.fstat(fd);
    if (job.sourceId !== undefined && (String(stat.dev) !== job.sourceId.dev || String(stat.ino) !== job.sourceId.ino)) {
      return { kind: 'changed' };
    }
    if (!stat.isFile()) return { kind: 'not-regular-file' };
    const size = Number(stat.size);
    if (size === 0) throw new JobFailure('EMPTY_FILE', 'the file is empty (0 bytes)');
    const input = await readContent(sys, fd, size, procFd);
    handed = true;
    return { kind: 'file', input };
  } finally {
    if (!handed) await sys.close(fd);
  }
}

/** Whole when small, when libvips cannot be given the descriptor, or when the content is SVG. */
async function readContent(sys: Sys, fd: number, size: number, procFd: boolean): Promise<OpenedInput> {
  const close = (): Promise<void> => sys.close(fd);
  if (size > WHOLE_FILE_LIMIT && procFd) {
    const head = await readUpTo(sys, fd, HEAD_BYTES);
    // SVG is rendered from memory only, never from a path (see the README's SVG sandbox).
    if (sniffFormat(head) !== 'SVG') return { size, head, source: fdPath(fd), close };
  }
  if (size > WHOLE_READ_MAX) {
    throw new JobFailure(
      'READ_FAILED',
      `cannot read the input: it is ${size} bytes, and files over 2 GiB are read only through /proc/self/fd, which this system lacks`,
    );
  }
  const data = await readUpTo(sys, fd, size);
  return { size, data, head: data, source: data, close };
}

/** Reads from the start of the file until `length` bytes or its end, whichever comes first. */
async function readUpTo(sys: Sys, fd: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const n = await sys.read(fd, buffer, filled, length - filled, filled);
    if (n === 0) break;
    filled += n;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}
