import path from 'node:path';
import { PlanError } from '../core/errors';
import { escapeControl } from '../core/names';
import { isInside } from '../core/paths';
import type { Discovered, Job } from '../core/types';
import { collisionKey, type Plan } from './plan';
import { idKey, idOf, lstatNow } from './walk-fs';

export interface GuardContext {
  /** Every entry discovery found (inputs are compared with outputs by identity). */
  readonly found: readonly Discovered[];
  /** Real paths of the folders searched. */
  readonly roots: readonly string[];
  /** Outputs the output folder's ledger lists, relative to it. */
  readonly ledger: ReadonlySet<string>;
  /** `--overwrite`: files under an input folder that imgbatch did not write may be replaced. */
  readonly overwrite: boolean;
}

/**
 * Checks the outputs that already exist, before anything is written, on real files rather than
 * names: an output that is an input (the same device + inode, by whatever route: a link, a hard
 * link, an output folder that is a link to an input folder) is refused; so is an output that would
 * replace a file under an input folder that the ledger does not list as imgbatch's (an original
 * that happens to sit at an output path), unless `overwrite`. Costs one lstat per job.
 */
/** One output of one job (checks run over every output, in job order). */
interface Output {
  readonly job: Job;
  readonly output: string;
}

export function assertSafeOutputs(jobs: readonly Job[], c: GuardContext): void {
  // Only files to process carry an identity (discovery gives none to skips and failures).
  const inputIds = new Set(c.found.flatMap((e) => (e.id === undefined ? [] : [idKey(e.id)])));
  const inputs: Output[] = [];
  const foreign: Output[] = [];
  const check = (job: Job, output: string): void => {
    if (job.skipExisting) return;
    let stat;
    try {
      stat = lstatNow(output);
    } catch {
      return; // a folder on the way cannot be read: the write will say so
    }
    if (stat === undefined) return;
    if (inputIds.has(idKey(idOf(stat)))) inputs.push({ job, output });
    else if (!c.overwrite && c.roots.some((r) => isInside(output, r)) && !c.ledger.has(path.relative(job.outputRoot ?? path.dirname(output), output))) {
      foreign.push({ job, output });
    }
  };
  for (const job of jobs) for (const out of job.outputs) check(job, out.path);
  if (inputs.length > 0) {
    const lines = inputs.map((j) => `  ${escapeControl(j.output)} is an input (the same file, through a symlink or hard link)`);
    throw new PlanError(
      `Expected every output to differ from every input, but ${inputs.length} would overwrite an input:\n${lines.join('\n')}\n` +
        'Nothing was written. Choose an --out folder that is not an input folder or a link to one.',
      inputs.map((j) => [j.job.input, j.output]),
    );
  }
  if (foreign.length > 0) {
    const lines = foreign.map((j) => `  ${escapeControl(j.output)} (the output of ${escapeControl(j.job.input)})`);
    throw new PlanError(
      `Expected outputs under an input folder to be new or written by imgbatch, but ${foreign.length} would replace a file imgbatch did not write:\n` +
        `${lines.join('\n')}\nNothing was written. Choose an --out folder outside the input folders, add a --suffix, or pass --overwrite to replace them.`,
      foreign.map((j) => [j.job.input, j.output]),
    );
  }
}

/**
 * The files a run writes beside its outputs (the manifest, the HTML report), in order: each may be
 * neither an input nor an output, nor one of the files before it. The paths are keyed once.
 */
export function assertFilesApart(files: readonly { file: string; flag: string }[], plan: Plan, found: readonly { input: string; source?: string }[]): void {
  if (files.length === 0) return;
  const taken = new Map<string, string>();
  const take = (p: string): void => {
    const key = collisionKey(p);
    if (!taken.has(key)) taken.set(key, p);
  };
  for (const e of found) [e.input, e.source ?? e.input].forEach(take);
  for (const j of plan.jobs) for (const o of j.outputs) take(o.path);
  for (const { file, flag } of files) {
    const clash = taken.get(collisionKey(file));
    if (clash !== undefined) {
      throw new PlanError(
        `Expected the ${flag} file to be neither an input nor an output, but ${escapeControl(file)} is ${escapeControl(clash)}.\nNothing was written.`,
        [[file, clash]],
      );
    }
    take(file);
  }
}
