import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BuildReason } from '../core/build';
import { fsPath } from '../core/names';
import { skippedResult } from '../core/results';
import type { Discovered, Job, JobResult, OutputResult, SkippedResult } from '../core/types';
import type { Probed } from './names';
import type { State, StateOutput, StateRecord } from './state-file';

/** What an incremental run knows before it decides: the state, the versions, each input's stat. */
export interface Incremental {
  readonly state: State;
  readonly versions: string;
  readonly outputRoot: string;
  readonly force: boolean;
  /** Each input's stat as first seen this run (what its new record will say). */
  readonly stats: Map<string, fs.BigIntStats | undefined>;
  /** Content hashes computed this run (of touched inputs), so that each is read once. */
  readonly hashes: Map<string, string | undefined>;
}

/** One job's decision: run it (and why), or it is unchanged. */
export type Decision =
  { readonly job: Job; readonly build: BuildReason } | { readonly job: Job; readonly unchanged: SkippedResult; readonly touched?: StateRecord };

function statOf(inc: Incremental, file: string): fs.BigIntStats | undefined {
  if (!inc.stats.has(file)) inc.stats.set(file, fs.statSync(fsPath(file), { bigint: true, throwIfNoEntry: false }));
  return inc.stats.get(file);
}

/** The same file as recorded, by size, mtime and inode (the fast path: no read). */
function sameStat(record: StateRecord, stat: fs.BigIntStats | undefined): boolean {
  return stat !== undefined && String(stat.size) === String(record.size) && String(stat.mtimeNs) === record.mtimeNs && String(stat.ino) === record.ino;
}

/** Whether the input's content is the recorded one: by its stat, else (touched) by its hash. */
function sameContent(inc: Incremental, record: StateRecord, file: string): boolean {
  const stat = statOf(inc, file);
  if (stat === undefined) return false;
  if (sameStat(record, stat)) return true;
  if (String(stat.size) !== String(record.size)) return false;
  if (!inc.hashes.has(file)) inc.hashes.set(file, contentHashOf(file));
  return inc.hashes.get(file) === record.hash;
}

/**
 * An input's facts from its record when its content is the recorded one: planning need not read it
 * again (so a rerun after touching every input starts no worker either).
 */
export function knownFacts(inc: Incremental, entry: Discovered): Probed | undefined {
  const record = inc.state.records.get(entry.input);
  if (record === undefined || record.failed === true || inc.force) return undefined;
  return sameContent(inc, record, entry.source ?? entry.input) ? { width: record.width, height: record.height, hash: record.hash } : undefined;
}

/** Hash of everything that shapes a job's outputs' bytes: names, ops, formats, encoder options. */
export function settingsOf(job: Job, outputRoot: string): string {
  const outputs = job.outputs.map((o) => ({ path: path.relative(outputRoot, o.path), ops: o.ops, format: o.format, quality: o.quality }));
  const shape = { outputs, keepMetadata: job.keepMetadata, optimizeCoding: job.optimizeCoding };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 16);
}

/** The buffer `contentHashOf` reads through (it is synchronous: one file at a time). */
const CHUNK = Buffer.allocUnsafe(1 << 20);

/** SHA-256 of a file's content, read 1 MB at a time (an input may be larger than memory allows). */
export function contentHashOf(file: string): string | undefined {
  const hash = createHash('sha256');
  const chunk = CHUNK;
  let fd: number | undefined;
  try {
    fd = fs.openSync(fsPath(file), 'r');
    for (let n = fs.readSync(fd, chunk); n > 0; n = fs.readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
    return hash.digest('hex');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Why a recorded output no longer holds: gone, or another size (or not a plain file). */
function outputProblem(outputRoot: string, o: StateOutput): BuildReason | undefined {
  const stat = fs.lstatSync(fsPath(path.join(outputRoot, o.path)), { throwIfNoEntry: false });
  if (stat === undefined) return 'output-missing';
  return stat.isFile() && stat.size === o.bytes ? undefined : 'output-changed';
}

/**
 * Decides one job: run it with the first reason that applies, or unchanged (with the record to
 * journal when only its stat changed: a touched file whose content hashes the same).
 */
export function decide(inc: Incremental, job: Job): Decision {
  const record = inc.state.records.get(job.input);
  // Before it is read: a change while it runs then shows in the next run's stat.
  const source = job.source ?? job.input;
  const stat = statOf(inc, source);
  if (inc.force) return { job, build: 'forced' };
  if (record === undefined) return { job, build: 'new' };
  if (record.failed === true) return { job, build: 'failed-before' };
  if (record.versions !== inc.versions) return { job, build: 'versions-changed' };
  if (record.settings !== settingsOf(job, inc.outputRoot)) return { job, build: 'settings-changed' };
  const touched = !sameStat(record, stat);
  if (touched && !sameContent(inc, record, source)) return { job, build: 'content-changed' };
  const problem = record.outputs.map((o) => outputProblem(inc.outputRoot, o)).find((p) => p !== undefined);
  if (problem !== undefined) return { job, build: problem };
  const kept: OutputResult[] = record.outputs.map((o) => ({ ...o, path: path.join(inc.outputRoot, o.path), ms: 0 }));
  const unchanged: SkippedResult = {
    ...skippedResult(job.input, 'unchanged', { bytesIn: record.size }),
    kept: { width: record.width, height: record.height, outputs: kept },
  };
  return touched && stat !== undefined ? { job, unchanged, touched: { ...record, ...statFields(stat) } } : { job, unchanged };
}

function statFields(stat: fs.BigIntStats): Pick<StateRecord, 'size' | 'mtimeNs' | 'ino'> {
  return { size: Number(stat.size), mtimeNs: String(stat.mtimeNs), ino: String(stat.ino) };
}

const stateOutput = (outputRoot: string, o: OutputResult): StateOutput => ({
  path: path.relative(outputRoot, o.path),
  bytes: o.bytes,
  format: o.format,
  width: o.width,
  height: o.height,
});

/**
 * The record a finished job leaves: what it was built from and what it wrote; a failure keeps the
 * earlier outputs (still imgbatch's, for `prune`) and is rebuilt next time. Outputs of the earlier
 * build that this one did not make become `stale`. Undefined: nothing to journal (interrupted).
 */
export function recordAfter(inc: Incremental, job: Job, result: JobResult): StateRecord | undefined {
  if (result.status === 'skipped') return undefined;
  const before = inc.state.records.get(job.input);
  const stat = statOf(inc, job.source ?? job.input);
  if (stat === undefined) return undefined;
  const written = result.outputs.map((o) => stateOutput(inc.outputRoot, o));
  const made = new Set(written.map((o) => o.path));
  const planned = new Set(job.outputs.map((o) => path.relative(inc.outputRoot, o.path)));
  const earlier = [...(before?.outputs ?? []), ...(before?.stale ?? [])].filter((o) => !made.has(o.path));
  // Earlier outputs this build still plans stay listed (a failure left them); the rest are stale.
  const outputs = [...written, ...earlier.filter((o) => planned.has(o.path))];
  const stale = earlier.filter((o) => !planned.has(o.path));
  const base = { input: job.input, ...statFields(stat), settings: settingsOf(job, inc.outputRoot), versions: inc.versions, outputs };
  const staleField = stale.length > 0 ? { stale } : {};
  if (result.status === 'failed' || result.hash === undefined) return { ...base, hash: '', width: 0, height: 0, ...staleField, failed: true };
  return { ...base, hash: result.hash, width: result.width, height: result.height, ...staleField };
}
