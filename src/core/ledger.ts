import fs from 'node:fs';
import path from 'node:path';
import { fsPath } from './names';

/**
 * The ledger: a small file in the output folder that lists the outputs imgbatch wrote there, one
 * JSON line each (`{"path":"sub/a.jpg","bytes":1234}`, the path relative to the output folder). It
 * tells an output imgbatch may replace from a file it must not (an original that happens to sit at
 * an output path). It is append-only, so an interrupted run loses at most its last line, and a torn
 * or foreign line is ignored. A dotfile: folders and globs never pick it up as an input.
 */
export const LEDGER_NAME = '.imgbatch-ledger';

const APPEND = fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW;

/** Paths (relative to the output folder) that the ledger lists; empty when there is none. */
export async function readLedger(outputRoot: string): Promise<ReadonlySet<string>> {
  const listed = new Set<string>();
  let text: string;
  try {
    const handle = await fs.promises.open(fsPath(path.join(outputRoot, LEDGER_NAME)), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return listed;
  }
  for (const line of text.split('\n')) {
    try {
      const record: unknown = JSON.parse(line);
      if (typeof record === 'object' && record !== null && 'path' in record && typeof record.path === 'string') listed.add(record.path);
    } catch {
      // a torn last line, or not ours
    }
  }
  return listed;
}

export interface LedgerWriter {
  /** Adds one output (an absolute path inside the output folder) as it is written. */
  record(output: string, bytes: number): void;
  close(): void;
}

/**
 * Opens the ledger for appending (never through a symbolic link). When it cannot be opened, the run
 * goes on without it, and the next run is only stricter: what is not listed is not replaced.
 */
export function openLedger(outputRoot: string): LedgerWriter {
  let fd: number | undefined;
  try {
    fd = fs.openSync(fsPath(path.join(outputRoot, LEDGER_NAME)), APPEND, 0o644);
  } catch {
    fd = undefined;
  }
  return {
    record(output, bytes) {
      if (fd === undefined) return;
      try {
        fs.writeSync(fd, `${JSON.stringify({ path: path.relative(outputRoot, output), bytes })}\n`);
      } catch {
        // a full disk: the files themselves report it
      }
    },
    close() {
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
    },
  };
}
