import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedOptions } from '../core/options';
import { fsPath } from '../core/names';
import type { Discovered, Job, JobResult } from '../core/types';
import { decide, knownFacts, recordAfter, type Decision, type Incremental } from './incremental';
import type { Probed } from './names';
import { afterPrune, pruneCandidates, removeOutputs, type PrunedOutput } from './prune';
import { openState, readState, stateFileOf, stateStamp, type StateRecord, type StateWriter } from './state-file';
import { lockState } from './state-lock';
import { buildVersions } from './versions';
import { activeShard } from './shard';

/** The outputs each job makes now, relative to the output folder, by input. */
export function plannedOutputs(jobs: readonly Job[], outputRoot: string): Map<string, ReadonlySet<string>> {
  return new Map(jobs.map((j) => [j.input, new Set(j.outputs.map((o) => path.relative(outputRoot, o.path)))]));
}

/** `2/4` → `shard-2-of-4`: each shard keeps its own state (and lock) beside the others. */
function shardName(options: Pick<ResolvedOptions, 'shard'>): string | undefined {
  const s = activeShard(options);
  return s === undefined ? undefined : `shard-${s.index}-of-${s.count}`;
}

/** Reads the state of an output folder for a run. */
export function loadIncremental(options: ResolvedOptions, outputRoot: string): Incremental {
  return {
    state: readState(stateFileOf(outputRoot, options.state, shardName(options))),
    versions: buildVersions(),
    outputRoot,
    force: options.force,
    stats: new Map(),
    hashes: new Map(),
  };
}

/** What a run needs from incremental builds: facts for planning, decisions, a journal, a prune. */
export interface IncrementalRun {
  readonly inc: Incremental;
  readonly warning: string | undefined;
  readonly known: (entry: Discovered) => Probed | undefined;
  /** Decides every job: those to run (asked to hash their content) and those unchanged. */
  split(jobs: readonly Job[]): { run: Job[]; unchanged: Decision[] };
  /** Adds the build reason and journals the result. */
  finished(job: Job, result: JobResult): JobResult;
  /** Journals an unchanged input whose stat changed (touched, same content). */
  touched(record: StateRecord): void;
  /** Removes what the state lists and no job of `planned` (every shard's, with `--shard`) makes any more. */
  prune(planned: readonly Job[]): PrunedOutput[];
  close(): void;
}

/**
 * Takes the state's lock (creating the output folder, which a run makes anyway), reads the state and
 * opens its journal. The caller must `close()` it, whatever happens.
 */
export function startIncremental(options: ResolvedOptions, outputRoot: string, preview?: Incremental): IncrementalRun {
  const file = stateFileOf(outputRoot, options.state, shardName(options));
  fs.mkdirSync(fsPath(path.dirname(file)), { recursive: true });
  const unlock = lockState(file);
  let writer: StateWriter | undefined;
  try {
    // The state read for planning, unless another run changed it before this one took the lock.
    const same = preview?.state.file === file && preview.state.stamp === stateStamp(file);
    const inc = same ? preview : loadIncremental(options, outputRoot);
    writer = openState(inc.state);
    return incrementalRun(inc, writer, unlock);
  } catch (error: unknown) {
    writer?.close();
    unlock();
    throw error;
  }
}

function incrementalRun(inc: Incremental, writer: StateWriter, unlock: () => void): IncrementalRun {
  const records = new Map(inc.state.records);
  const reasons = new Map<number, Decision>();
  const put = (record: StateRecord): void => {
    records.set(record.input, record);
    writer.put(record);
  };
  return {
    inc,
    warning: inc.state.warning,
    known: (entry) => knownFacts(inc, entry),
    split(jobs) {
      const decisions = jobs.map((job) => decide(inc, job));
      for (const d of decisions) reasons.set(d.job.id, d);
      const run = decisions.flatMap((d) => ('build' in d ? [{ ...d.job, hashContent: true }] : []));
      return { run, unchanged: decisions.filter((d) => 'unchanged' in d) };
    },
    finished(job, result) {
      const decision = reasons.get(job.id);
      const record = recordAfter(inc, job, result);
      if (record !== undefined) put(record);
      return decision !== undefined && 'build' in decision && result.status !== 'skipped' ? { ...result, build: decision.build } : result;
    },
    touched: put,
    prune(planned) {
      const candidates = pruneCandidates(records.values(), plannedOutputs(planned, inc.outputRoot));
      const pruned = removeOutputs(candidates, inc.outputRoot, false);
      const { put: keep, remove } = afterPrune(records.values(), candidates);
      for (const record of keep) put(record);
      for (const input of remove) {
        records.delete(input);
        writer.remove(input);
      }
      return pruned;
    },
    close() {
      writer.close();
      unlock();
    },
  };
}
