import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fsPath } from '../core/names';

/**
 * The ledger: a small file in the output folder that lists the outputs imgbatch wrote there, one
 * JSON line each (`{"path":"sub/a.jpg","bytes":1234}`, the path relative to the output folder). It
 * tells an output imgbatch may replace from a file it must not (an original that happens to sit at
 * an output path). It is append-only, so an interrupted run loses at most its last line, and a torn
 * or foreign line is ignored. A dotfile: folders and globs never pick it up as an input.
 */
export const LEDGER_NAME = '.imgbatch-ledger';

const APPEND = fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW;

/** The ledger's records, the last one of each path (in an insertion-ordered map). */
function parse(text: string): Map<string, string> {
  const records = new Map<string, string>();
  for (const line of text.split('\n')) {
    try {
      const record: unknown = JSON.parse(line);
      if (typeof record === 'object' && record !== null && 'path' in record && typeof record.path === 'string') {
        records.delete(record.path);
        records.set(record.path, line);
      }
    } catch {
      // a torn last line, or not ours
    }
  }
  return records;
}

const ledgerPath = (outputRoot: string): string | Buffer => fsPath(path.join(outputRoot, LEDGER_NAME));

/** Paths (relative to the output folder) that the ledger lists; empty when there is none. */
export async function readLedger(outputRoot: string): Promise<ReadonlySet<string>> {
  try {
    const handle = await fs.promises.open(ledgerPath(outputRoot), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      return new Set(parse(await handle.readFile('utf8')).keys());
    } finally {
      await handle.close();
    }
  } catch {
    return new Set();
  }
}

/** Ledgers smaller than this are never compacted. */
const COMPACT_FROM_BYTES = 64 * 1024;

/**
 * Reruns append the same paths again: once the ledger holds more than twice as many lines as paths,
 * it is rewritten with one line per path (a new file renamed over it).
 */
function compact(outputRoot: string): void {
  try {
    const fd = fs.openSync(ledgerPath(outputRoot), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    let text: string;
    try {
      text = fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
    if (text.length < COMPACT_FROM_BYTES) return;
    const records = parse(text);
    if (text.split('\n').length <= 2 * records.size + 1) return;
    // A random name: a temporary a crashed run left can never block this one.
    const temp = path.join(outputRoot, `${LEDGER_NAME}.${randomBytes(6).toString('hex')}.tmp`);
    fs.writeFileSync(fsPath(temp), [...records.values(), ''].join('\n'), { flag: 'wx' });
    fs.renameSync(fsPath(temp), ledgerPath(outputRoot));
  } catch {
    // none yet, or another run is compacting it
  }
}

export interface LedgerWriter {
  /** Adds one output (an absolute path inside the output folder) as it is written. */
  record(output: string, bytes: number): void;
  close(): void;
}

/**
 * Opens the ledger for appending (never through a symbolic link). When it cannot be opened, the run
 * goes on without it, and the next run is only stricter: what is not listed is not replaced.
 * `compact: false` for runs that share the folder with others at once (shards): a compaction
 * renames a new file over the one their descriptors append to.
 */
export function openLedger(outputRoot: string, how: { readonly compact: boolean } = { compact: true }): LedgerWriter {
  if (how.compact) compact(outputRoot);
  let fd: number | undefined;
  try {
    fd = fs.openSync(ledgerPath(outputRoot), APPEND, 0o644);
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
