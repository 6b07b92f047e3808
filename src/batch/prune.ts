import fs from 'node:fs';
import path from 'node:path';
import { fsPath } from '../core/names';
import { isInside } from '../core/paths';
import type { PrunedOutput, PruneWhy } from '../core/build';
import type { StateOutput, StateRecord } from './state-file';

export type { PrunedOutput };

interface Candidate {
  readonly record: StateRecord;
  readonly output: StateOutput;
  readonly why: PruneWhy;
}

/** Whether the input a record names is gone (lstat says it does not exist). */
function gone(input: string): boolean {
  try {
    fs.lstatSync(fsPath(input));
    return false;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * What `prune` would remove: every output of records whose input is gone (inputs this run
 * processes are not), and every stale output (made by an earlier build, no longer planned).
 * `planned`: per input of this run, the outputs it makes now (relative to the output folder).
 */
export function pruneCandidates(records: Iterable<StateRecord>, planned: ReadonlyMap<string, ReadonlySet<string>>): Candidate[] {
  const found: Candidate[] = [];
  // An output this run makes is never pruned, whichever input made it before.
  const made = new Set([...planned.values()].flatMap((set) => [...set]));
  const add = (record: StateRecord, output: StateOutput, why: PruneWhy): void => {
    if (!made.has(output.path)) found.push({ record, output, why });
  };
  for (const record of records) {
    const now = planned.get(record.input);
    if (now === undefined && gone(record.input)) {
      for (const output of [...record.outputs, ...(record.stale ?? [])]) add(record, output, 'input-gone');
      continue;
    }
    const stale = [...(record.stale ?? []), ...(now === undefined ? [] : record.outputs.filter((o) => !now.has(o.path)))];
    for (const output of stale) add(record, output, 'not-made');
  }
  return found;
}

/** Why a candidate must be left alone, if it must: only a plain file inside the folder, at its recorded size. */
function keepReason(file: string, outputRoot: string, bytes: number): string | undefined {
  if (!isInside(file, outputRoot) || file === outputRoot) return 'outside the output folder';
  const stat = fs.lstatSync(fsPath(file), { throwIfNoEntry: false });
  if (stat === undefined) return 'already gone';
  if (!stat.isFile()) return 'not a plain file';
  return stat.size === bytes ? undefined : `${stat.size} bytes, not the ${bytes} imgbatch wrote`;
}

/**
 * Removes the candidates that are still what imgbatch wrote (`dry`: only says so). Never a file
 * the state does not list, never one of another size. Names are checked, then unlinked: Node has
 * no unlinkat, so a folder swapped for a link in between is a race this cannot close (README).
 */
export function removeOutputs(candidates: readonly Candidate[], outputRoot: string, dry: boolean): PrunedOutput[] {
  return candidates.map(({ record, output, why }) => {
    const file = path.resolve(outputRoot, output.path);
    const base = { path: file, input: record.input, bytes: output.bytes, why };
    const kept = keepReason(file, outputRoot, output.bytes);
    if (kept !== undefined) return { ...base, removed: false, kept };
    if (dry) return { ...base, removed: true };
    try {
      fs.unlinkSync(fsPath(file));
      return { ...base, removed: true };
    } catch (error: unknown) {
      return { ...base, removed: false, kept: (error as Error).message };
    }
  });
}

/** The records after a prune: gone inputs dropped, stale outputs forgotten (removed or not ours any more). */
export function afterPrune(records: Iterable<StateRecord>, candidates: readonly Candidate[]): { put: StateRecord[]; remove: string[] } {
  const goneInputs = new Set(candidates.filter((c) => c.why === 'input-gone').map((c) => c.record.input));
  const touched = new Set(candidates.filter((c) => c.why === 'not-made').map((c) => c.record.input));
  const put: StateRecord[] = [];
  for (const record of records) {
    if (!touched.has(record.input) || goneInputs.has(record.input)) continue;
    const dropped = new Set(candidates.filter((c) => c.record.input === record.input).map((c) => c.output.path));
    const { stale: _stale, ...rest } = record;
    put.push({ ...rest, outputs: record.outputs.filter((o) => !dropped.has(o.path)) });
  }
  return { put, remove: [...goneInputs] };
}
