import fs from 'node:fs';
import path from 'node:path';
import { TEMP_NAME } from '../job/atomic';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM: it exists but belongs to someone else; only ESRCH means gone.
    return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPERM';
  }
}

async function temporariesIn(dir: string): Promise<{ file: string; pid: number }[]> {
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  const found: { file: string; pid: number }[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (m !== null) found.push({ file: path.join(dir, name), pid: Number(m[1]) });
  }
  return found;
}

/**
 * Removes temporaries that a killed run left in the folders this run writes to, but only those
 * whose process (the pid in the name) is gone: two runs sharing an output folder never delete each
 * other's files. Returns how many were removed.
 */
export async function removeStaleTemporaries(dirs: Iterable<string>): Promise<number> {
  let removed = 0;
  for (const dir of new Set(dirs)) {
    for (const t of await temporariesIn(dir)) {
      if (t.pid === process.pid || isAlive(t.pid)) continue;
      await fs.promises.rm(t.file, { force: true });
      removed += 1;
    }
  }
  return removed;
}

/** Removes this process's temporaries for the given outputs (after workers were terminated). */
export async function removeOwnTemporaries(outputs: Iterable<string>): Promise<void> {
  for (const output of outputs) {
    const prefix = `.${path.basename(output)}`.slice(0, 40);
    for (const t of await temporariesIn(path.dirname(output))) {
      if (t.pid === process.pid && path.basename(t.file).startsWith(prefix)) await fs.promises.rm(t.file, { force: true });
    }
  }
}
