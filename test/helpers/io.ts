import fs from 'node:fs';
import path from 'node:path';
import type { Job, Op, OutputFormat } from '../../src';
import type { FileIO } from '../../src/job/file-io';
import type { FileId } from '../../src/core/types';
import { asyncFileIO, blockingFileIO } from '../../src/job/file-io';
import { fileIOWith } from '../../src/job/file-io';
import { blockingSys } from '../../src/job/sys';

/** Every FileIO, each test runs on all: same behaviour is part of the contract. */
export const fileIOs: readonly { readonly io: string; readonly fileIO: FileIO }[] = [
  { io: 'async', fileIO: asyncFileIO },
  { io: 'blocking', fileIO: blockingFileIO },
];

/** The fallback for systems without /proc/self/fd (path-based, lstat-checked), runnable on Linux. */
export const withoutProcFd: FileIO = fileIOWith(blockingSys, false);

/** What discovery records of a file: its identity, as `fs.stat` with bigint gives it. */
export function idOf(file: string | Buffer): FileId {
  const s = fs.statSync(file, { bigint: true });
  return { dev: String(s.dev), ino: String(s.ino) };
}

/** The one output of a test job, given as its op, format and quality (each with a default). */
export interface OneOutputOf {
  readonly op?: Op;
  readonly format?: OutputFormat | null;
  readonly quality?: number;
}

/** A job with one output and the defaults; override what the test is about. */
export function ioJob(input: string, output: string, more: Partial<Job> & OneOutputOf = {}): Job {
  const { op = { op: 'thumbnail', size: 16 }, format = 'jpeg', quality = 85, ...rest } = more;
  return {
    id: 0,
    input,
    outputs: [{ path: output, ops: [op], format, quality }],
    optimizeCoding: 'auto',
    keepMetadata: false,
    maxPixels: 268402689,
    skipExisting: false,
    allowSvg: false,
    timeoutSeconds: 0,
    ...rest,
  };
}

/** Every entry below `root` with its kind and content, to show that a folder was left alone. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const rel = path.relative(root, p);
      if (e.isSymbolicLink()) out[rel] = `link → ${fs.readlinkSync(p)}`;
      else if (e.isDirectory()) {
        out[rel] = 'folder';
        walk(p);
      } else out[rel] = `file ${fs.readFileSync(p).toString('base64')}`;
    }
  };
  walk(root);
  return out;
}

/** Open descriptors of this process (Linux), to show that a job closes what it opens. */
export function openFds(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

export const onLinux = process.platform === 'linux' && fs.existsSync('/proc/self/fd');
