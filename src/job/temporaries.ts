import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isTemporaryOf, parseTempName, thisWriter, UNKNOWN_BOOT, UNKNOWN_PIDNS, type Writer } from './atomic';
import { fsPath, nameFromBytes } from '../core/names';
import { errnoCode } from '../core/errors';

/**
 * A temporary is created after its image is encoded, written in one call and renamed at once: it
 * lives for milliseconds. One not modified for this long has no writer left, wherever it ran.
 */
export const STALE_TEMPORARY_AGE_MS = 15 * 60 * 1000;

/** What deciding staleness depends on (parameters, so that the rule is testable as a table). */
export interface StaleFacts {
  self: Writer;
  now: number;
  /** When this machine booted (ms since the epoch). */
  bootedAt: number;
  isAlive: (pid: number) => boolean;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM: it exists but belongs to someone else; only ESRCH means gone.
    return errnoCode(error) === 'EPERM';
  }
}

const knownBoot = (w: Writer): boolean => w.boot !== UNKNOWN_BOOT;
const sameBoot = (a: Writer, b: Writer): boolean => knownBoot(a) && a.boot === b.boot;
const sameNamespace = (a: Writer, b: Writer): boolean => sameBoot(a, b) && a.pidns !== UNKNOWN_PIDNS && a.pidns === b.pidns;
const isSelf = (w: Writer, self: Writer): boolean => w.boot === self.boot && w.pidns === self.pidns && w.pid === self.pid;

/**
 * Whether a temporary may be removed because no live run anywhere can own it: its writer is gone
 * for certain, or it has not been modified for `STALE_TEMPORARY_AGE_MS`. `writer` is undefined for
 * the 0.1 format (a pid with no namespace: judged by age only).
 * - Written by this process: never.
 * - Older than the threshold: yes.
 * - Another boot, last modified before this machine booted: yes (written before a restart here; a
 *   temporary of another machine sharing the volume is younger, and kept).
 * - Same boot and PID namespace, and that pid is gone (ESRCH): yes.
 * - Anything else (another namespace, another machine, a live or unknown process): no.
 */
export function isStaleTemporary(writer: Writer | undefined, mtimeMs: number, facts: StaleFacts): boolean {
  if (writer !== undefined && isSelf(writer, facts.self)) return false;
  if (facts.now - mtimeMs > STALE_TEMPORARY_AGE_MS) return true;
  if (writer === undefined) return false;
  if (knownBoot(writer) && knownBoot(facts.self) && writer.boot !== facts.self.boot) return mtimeMs < facts.bootedAt;
  return sameNamespace(writer, facts.self) && !facts.isAlive(writer.pid);
}

interface Temporary {
  name: string;
  /** Path as imgbatch holds it (escaped bytes, see names.ts); pass through `fsPath`. */
  file: string;
  writer: Writer | undefined;
}

async function temporariesIn(dir: string): Promise<Temporary[]> {
  const names = await fs.promises.readdir(fsPath(dir), { encoding: 'buffer' }).catch(() => [] as Buffer[]);
  const found: Temporary[] = [];
  for (const bytes of names) {
    const name = nameFromBytes(bytes);
    const parsed = parseTempName(name);
    if (parsed !== null) found.push({ name, file: path.join(dir, name), writer: parsed.writer });
  }
  return found;
}

/** A real folder (not a symbolic link to one, which is not followed). */
async function isPlainFolder(dir: string): Promise<boolean> {
  const stat = await fs.promises.lstat(fsPath(dir)).catch(() => undefined);
  return stat?.isDirectory() === true;
}

/** Removes `t` when it is a regular file that `isStaleTemporary` allows removing. */
async function removeIfStale(t: Temporary, facts: StaleFacts): Promise<boolean> {
  const stat = await fs.promises.lstat(fsPath(t.file)).catch(() => undefined);
  if (stat === undefined || !stat.isFile() || !isStaleTemporary(t.writer, stat.mtimeMs, facts)) return false;
  await fs.promises.rm(fsPath(t.file), { force: true });
  return true;
}

/**
 * Removes temporaries that killed runs left in the folders this run writes to, and only those that
 * no live run anywhere can own (see `isStaleTemporary`): runs in other containers sharing an output
 * volume have other PID namespaces, and their pids mean nothing here. Folders that are symbolic
 * links are not entered. Returns how many were removed.
 */
export async function removeStaleTemporaries(dirs: Iterable<string>): Promise<number> {
  const now = Date.now();
  const facts: StaleFacts = { self: thisWriter(), now, bootedAt: now - os.uptime() * 1000, isAlive };
  let removed = 0;
  for (const dir of new Set(dirs)) {
    if (!(await isPlainFolder(dir))) continue;
    for (const t of await temporariesIn(dir)) {
      if (await removeIfStale(t, facts)) removed += 1;
    }
  }
  return removed;
}

/**
 * Removes the temporaries for the given outputs written by the processes `pids` of this machine and
 * PID namespace, once they are stopped: this process (`--no-isolate`), or a worker process this run
 * started and killed, whose worker threads wrote under its own pid.
 */
export async function removeTemporariesOf(outputs: Iterable<string>, pids: readonly number[]): Promise<void> {
  const self = thisWriter();
  const ours = (w: Writer | undefined): boolean => w !== undefined && pids.some((pid) => isSelf(w, { ...self, pid }));
  for (const output of outputs) {
    for (const t of await temporariesIn(path.dirname(output))) {
      if (ours(t.writer) && isTemporaryOf(t.name, output)) await fs.promises.rm(fsPath(t.file), { force: true });
    }
  }
}

/** Removes this process's temporaries for the given outputs (after workers were terminated). */
export function removeOwnTemporaries(outputs: Iterable<string>): Promise<void> {
  return removeTemporariesOf(outputs, [process.pid]);
}
