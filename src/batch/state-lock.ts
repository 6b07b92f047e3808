import fs from 'node:fs';
import os from 'node:os';
import { UsageError } from '../core/errors';
import { escapeControl, fsPath } from '../core/names';

/** Who holds a state's lock. */
interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

function readHolder(lock: string): Holder | undefined {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(fsPath(lock), 'utf8'));
    const h = value as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, startedAt: String(h.startedAt) } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process of this machine with that pid runs (EPERM: it runs as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock of a state (`<state>.lock`, made with O_EXCL) for this run, or throws a usage
 * error naming the run that holds it. A lock whose process is gone (killed, the machine restarted)
 * is taken over. Returns the release.
 */
export function lockState(state: string): () => void {
  const lock = `${state}.lock`;
  const me: Holder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(fsPath(lock), JSON.stringify(me), { flag: 'wx', mode: 0o644 });
      return () => fs.rmSync(fsPath(lock), { force: true });
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotLock(lock, (error as Error).message);
    }
    const holder = readHolder(lock);
    if (holder !== undefined && (holder.host !== me.host || alive(holder.pid))) {
      const where = holder.host === me.host ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
      throw new UsageError(
        'STATE_LOCKED',
        `Expected to be the only run using the state ${escapeControl(state)}, but another imgbatch (${where}, started ${holder.startedAt}) holds its lock ${escapeControl(lock)}.\n` +
          'Nothing was written. Wait for that run to end; if it no longer runs, delete the lock.',
      );
    }
    // Its process is gone (or the lock is torn): take it over.
    fs.rmSync(fsPath(lock), { force: true });
  }
  throw cannotLock(lock, 'another run took it at the same moment');
}

function cannotLock(lock: string, why: string): UsageError {
  return new UsageError('STATE_LOCKED', `Expected to create the lock ${escapeControl(lock)} but could not: ${escapeControl(why)}.\nNothing was written.`);
}
