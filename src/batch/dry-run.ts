import type { BuildReason, PlannedAction, PrunedOutput } from '../core/build';
import { resolveOptions, type BatchOptions, type ResolvedOptions } from '../core/options';
import type { Job, JobError, SkipReason } from '../core/types';
import { createInlineRunner } from '../runners/inline';
import { decide, type Incremental } from './incremental';
import { loadIncremental, plannedOutputs } from './incremental-run';
import { pruneCandidates, removeOutputs } from './prune';
import type { ByteSource } from './read-list';
import { prepareBatch } from './run-batch';
import { lstatNow, realpathOfFuture } from './walk-fs';

/** What a run would do to one input. */
export interface PlannedInput {
  readonly input: string;
  readonly action: PlannedAction;
  /** `rebuild` (and `write` in an incremental run): why. */
  readonly build?: BuildReason;
  /** `skip`: why. */
  readonly reason?: SkipReason;
  /** `fail`: the error the run would report without reading it (a missing input, an unreadable folder). */
  readonly error?: JobError;
  /** The outputs it would write (absolute paths). */
  readonly outputs: readonly string[];
}

export interface DryRunReport {
  readonly inputs: readonly PlannedInput[];
  /** With `prune`: the outputs a run would remove (`removed: true`) or leave. */
  readonly pruned: readonly PrunedOutput[];
  readonly emptyArguments: readonly string[];
  readonly warnings: readonly string[];
}

const pathsOf = (job: Job): string[] => job.outputs.map((o) => o.path);

function plannedJob(job: Job, inc: Incremental | undefined, o: ResolvedOptions): PlannedInput {
  const base = { input: job.input, outputs: pathsOf(job) };
  if (inc !== undefined) {
    const d = decide(inc, job);
    if ('unchanged' in d) return { ...base, action: 'unchanged' };
    return { ...base, action: d.build === 'new' ? 'write' : 'rebuild', build: d.build };
  }
  if (o.skipExisting && job.outputs.every((out) => lstatNow(out.path) !== undefined)) return { ...base, action: 'skip', reason: 'exists' };
  return { ...base, action: 'write' };
}

/**
 * A dry run of `runBatch`: what it would do to every input (and, with `prune`, which outputs it
 * would remove), with nothing written, no folder made, no state changed and no worker started.
 * Usage and plan errors throw as `runBatch` would. `stdin` is read when `filesFrom` is `-`.
 *
 * @example
 * const plan = await planBatch({ inputs: ['photos'], out: 'out', op: { op: 'thumbnail', size: 150 }, incremental: true });
 * console.log(plan.inputs.filter((p) => p.action === 'rebuild').map((p) => `${p.input}: ${p.build}`));
 */
export async function planBatch(input: BatchOptions, signal?: AbortSignal, stdin?: ByteSource): Promise<DryRunReport> {
  return planResolvedBatch(resolveOptions(input), signal, stdin);
}

/**
 * The whole plan of a run, with nothing written: no folder made, no state changed or locked, no
 * worker started (inputs whose size names depend on are read in this thread). Plan errors still
 * throw, as the run would (exit 2).
 */
export async function planResolvedBatch(options: ResolvedOptions, signal?: AbortSignal, stdin?: ByteSource): Promise<DryRunReport> {
  const inc = options.incremental ? loadIncremental(options, await realpathOfFuture(options.out)) : undefined;
  const plan = await prepareBatch(options, { runner: createInlineRunner(), signal, preview: inc, stdin });
  const settled = plan.settled.map((e): PlannedInput =>
    e.failure !== undefined
      ? { input: e.input, action: 'fail', error: e.failure, outputs: [] }
      : { input: e.input, action: 'skip', reason: e.skip ?? 'not-regular-file', outputs: [] },
  );
  const inputs = [...settled, ...plan.jobs.map((job) => plannedJob(job, inc, options))];
  const pruned =
    options.prune && inc !== undefined
      ? removeOutputs(pruneCandidates(inc.state.records.values(), plannedOutputs(plan.planned, plan.outputRoot)), plan.outputRoot, true)
      : [];
  return { inputs, pruned, emptyArguments: plan.emptyArguments, warnings: inc?.state.warning === undefined ? [] : [inc.state.warning] };
}
