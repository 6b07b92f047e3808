import fs from 'node:fs';
import { JobFailure } from './failure';

export type ReadOutcome = { kind: 'file'; data: Buffer } | { kind: 'not-regular-file' };

/**
 * Reads an input whole, refusing anything but a regular file. The file is opened non-blocking,
 * so a FIFO named `x.jpg` is seen for what it is instead of blocking forever, and is checked on
 * the open descriptor, so a swap between check and read cannot slip a FIFO in.
 */
export async function readRegularFile(file: string): Promise<ReadOutcome> {
  const handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { kind: 'not-regular-file' };
    if (stat.size === 0) throw new JobFailure('EMPTY_FILE', 'the file is empty (0 bytes)');
    return { kind: 'file', data: await handle.readFile() };
  } finally {
    await handle.close();
  }
}
