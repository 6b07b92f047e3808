import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { discoverInputs } from './inputs';
import type { ByteSource } from './read-list';
import { failedResult, skippedResult } from '../core/results';
import { errorMessage, ExitCode, UsageError } from '../core/errors';
import type { ResolvedOptions } from '../core/options';
import { dispatch } from './dispatch';
import { saveManifest } from './manifest';
import { assertFilesApart, assertSafeOutputs } from './guard';
import { openLedger, readLedger, type LedgerWriter } from './ledger';
import { knownFacts, type Decision, type Incremental } from './incremental';
import { stateOutputs } from './state-file';
import { loadIncremental, startIncremental, type IncrementalRun } from './incremental-run';
import { escapeControl, fsPath } from '../core/names';
import { planJobs, probeNeeds, type Plan } from './plan';
import { probeInputs, type Probing } from './probe';
import type { Probed } from './names';
import { realpathOfFuture } from './walk-fs';
import { removeStaleTemporaries } from '../job/temporaries';
import { mostlySmall, workerThreads } from '../runners/budget';
import { defaultRunnerFor, releaseRunner } from '../runners/default';
import { summarize } from './metrics';
import { previewRootOf, withPreviews } from './previews';
import { activeShard, shardPart } from './shard';
import type { BatchReport, Discovered, Job, JobResult, JobRunner } from '../core/types';

/**
 * A run's plan: with `shard`, its part of the jobs and settled entries; `planned` is every job of
 * every shard (what `prune` must not touch).
 */
export type PreparedBatch = Plan & { planned: readonly Job[]; emptyArguments: readonly string[]; outputRoot: string; previewRoot: string | undefined };

export interface BatchStart {
  /** Records that will be reported: jobs plus entries skipped before any work. */
  readonly total: number;
  /** Worker threads started for this run (see `workerThreads`): 0 when no file is processed. */
  readonly threads: number;
  readonly jobs: readonly Job[];
  /** Arguments that found nothing (others did), with where they looked. */
  readonly emptyArguments: readonly string[];
  /** Temporaries of killed earlier runs (their pid is gone) removed from the output folders. */
  readonly staleTemporariesRemoved: number;
  /** Things the user should know before the results (an ignored incremental state). */
  readonly warnings: readonly string[];
  readonly options: ResolvedOptions;
}

/** Seams of a batch: all optional, all parameters (no module state). */
export interface RunBatchHooks {
  /** Runs the jobs. Default: a piscina pool of `concurrency` worker threads, closed at the end. */
  readonly runner?: JobRunner;
  /** Called once the plan is made, before the first write. */
  readonly onStart?: (start: BatchStart) => void;
  /** Called for every file as it finishes (ok, failed or skipped). */
  readonly onResult?: (result: JobResult) => void;
  /**
   * Stops dispatching: files in flight finish, files not started are reported as skipped with
   * reason `interrupted`. Abort with the reason `'SIGTERM'` to get exit code 143, else 130.
   */
  readonly signal?: AbortSignal;
  /**
   * Standard input, read when `filesFrom` is `-` (the CLI passes `process.stdin`): the library
   * never reads the process's own. Any async iterable of bytes will do (`Readable.from(text)`).
   */
  readonly stdin?: ByteSource;
  /**
   * After an abort, files still in flight this long are stopped: the worker threads are terminated,
   * their temporaries removed, and the files reported as interrupted.
   * @default 2500
   */
  readonly interruptGraceMs?: number;
}

const DEFAULT_GRACE_MS = 2500;

/**
 * Discovers and plans, throwing a `UsageError` before anything is written. Output paths are made
 * in the real (link-free) output folder, and every check of inputs against outputs is made on real
 * files (see `assertSafeOutputs`).
 */
export async function prepareBatch(options: ResolvedOptions, seams: PrepareSeams = {}): Promise<PreparedBatch> {
  const { runner, signal, preview } = seams;
  const out = await realpathOfFuture(options.out);
  const previewRoot = await previewRootOf(options.report);
  const found = await discoverInputs(options, { outputRoot: out, previewRoot }, seams);
  const needs = probeNeeds(options);
  let entries = found.entries;
  let probed: Probing['probed'] | undefined;
  const known = preview === undefined ? undefined : (e: Discovered): Probed | undefined => knownFacts(preview, e);
  if (needs.size || needs.hash) ({ entries, probed } = await probeInputs(entries, options, needs.hash, runner, signal, known));
  const plan = planJobs({ ...options, out }, entries, probed);
  const beside = [
    ...(options.manifest === undefined ? [] : [{ file: options.manifest, flag: '--manifest' }]),
    ...(options.report === undefined ? [] : [{ file: options.report, flag: '--report' }]),
  ];
  assertFilesApart(beside, plan, entries);
  // Outputs imgbatch wrote: the ledger's, and an incremental state's (either may have been deleted).
  const ledger = new Set([...(await readLedger(out)), ...(preview === undefined ? [] : stateOutputs(preview.state))]);
  assertSafeOutputs(plan.jobs, { found: found.entries, roots: found.roots, ledger, overwrite: options.overwrite });
  const shard = activeShard(options);
  const part = shard === undefined ? plan : shardPart(plan, found.entries, shard);
  return { ...part, planned: plan.jobs, emptyArguments: found.empty, outputRoot: out, previewRoot };
}

/** What preparing a batch may use: the runner (to probe sizes), the interrupt, an incremental state's facts, standard input. */
export interface PrepareSeams {
  readonly runner?: JobRunner | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly preview?: Incremental | undefined;
  /** Read when the list of inputs is `-` (see `RunBatchHooks.stdin`). */
  readonly stdin?: ByteSource | undefined;
}

async function ensureWritableFolder(folder: string): Promise<void> {
  try {
    await fs.promises.mkdir(fsPath(folder), { recursive: true });
    await fs.promises.access(fsPath(folder), fs.constants.W_OK);
  } catch (error: unknown) {
    throw new UsageError(
      'OUTPUT_NOT_WRITABLE',
      `Expected a writable output folder for --out but cannot use ${escapeControl(folder)}: ${escapeControl(errorMessage(error))}`,
    );
  }
}

/**
 * One batch for options already checked (`resolveOptions`): discover → plan → run every job →
 * summary. The library's `runBatch` and the CLI call it (then write the HTML report, a layer up).
 */
export async function runResolvedBatch(options: ResolvedOptions, hooks: RunBatchHooks = {}): Promise<BatchReport> {
  const started = { at: performance.now(), epoch: Date.now() };
  // Interrupted before anything was found (the CLI listens from its first moment): nothing is
  // started or searched; the report has no files and says it was interrupted.
  if (hooks.signal?.aborted === true) return { results: [], summary: summaryOf([], started, hooks.signal, false) };
  // The default runner's process starts now, so that its start-up overlaps discovery and planning;
  // worker threads start only once the plan says how many files there are (see workerThreads).
  // An incremental run starts it only when some file is to be built.
  const runner = hooks.runner ?? (await defaultRunnerFor(options));
  runner.prepare?.();
  let ready: Ready;
  try {
    ready = await prepareRun(options, runner, hooks);
  } catch (error: unknown) {
    if (hooks.runner === undefined) await releaseRunner(runner, true);
    throw error;
  }
  const { plan, incremental, jobs } = ready;
  const threads = workerThreads(options.concurrency, jobs.length);
  const signal = hooks.signal;
  // Nothing will run (every entry was settled in planning, or an interrupt came first): workers
  // still starting are not waited for.
  const idle = jobs.length === 0 || signal?.aborted === true;
  const results: JobResult[] = [];
  let ledger: LedgerWriter | undefined;
  let outcome;
  let pruned;
  // From the start of the worker processes on, whatever throws (a hook, the ledger) still ends them.
  try {
    if (threads > 0 && signal?.aborted !== true) runner.start?.(threads, jobs.length, mostlySmall(jobs));
    hooks.onStart?.({
      total: plan.jobs.length + plan.settled.length,
      threads,
      jobs,
      emptyArguments: plan.emptyArguments,
      staleTemporariesRemoved: ready.staleTemporariesRemoved,
      warnings: incremental?.warning === undefined ? [] : [incremental.warning],
      options,
    });
    // Shards share the output folder: none compacts the ledger while others append to it.
    const opened = openLedger(plan.outputRoot, { compact: activeShard(options) === undefined });
    ledger = opened;
    const byInput = new Map(jobs.map((j) => [j.input, j]));
    const report = (raw: JobResult, job?: Job): void => {
      const result = incremental !== undefined && job !== undefined ? incremental.finished(job, raw) : raw;
      results.push(result);
      for (const out of result.outputs) opened.record(out.path, out.bytes);
      hooks.onResult?.(result);
    };
    for (const entry of plan.settled) report(settledResult(entry));
    for (const d of ready.unchanged) report(d.unchanged);
    for (const d of ready.unchanged) if (d.touched !== undefined) incremental?.touched(d.touched);
    outcome = await dispatch(jobs, runner, { signal, graceMs: hooks.interruptGraceMs ?? DEFAULT_GRACE_MS, report: (r) => report(r, byInput.get(r.input)) });
    if (options.prune && signal?.aborted !== true) pruned = incremental?.prune(plan.planned);
  } finally {
    ledger?.close();
    incremental?.close();
    if (hooks.runner === undefined) await releaseRunner(runner, idle);
  }
  if (options.manifest !== undefined) await saveManifest(options.manifest, results, options.baseUrl);
  return { results, summary: summaryOf(results, started, signal, outcome.internalError), ...(pruned === undefined ? {} : { pruned }) };
}

/** A run planned and ready to dispatch: the jobs to run, and with `incremental` those left unchanged. */
interface Ready {
  readonly plan: PreparedBatch;
  readonly incremental: IncrementalRun | undefined;
  readonly jobs: readonly Job[];
  readonly unchanged: readonly Extract<Decision, { unchanged: unknown }>[];
  readonly staleTemporariesRemoved: number;
}

/**
 * Plans (reading an incremental state's facts first, without its lock), makes the output folder,
 * then takes the state's lock and decides what to build. Throws before anything is written.
 */
async function prepareRun(options: ResolvedOptions, runner: JobRunner, { signal, stdin }: RunBatchHooks): Promise<Ready> {
  const preview = options.incremental ? loadIncremental(options, await realpathOfFuture(options.out)) : undefined;
  const plan = await prepareBatch(options, { runner, signal, preview, stdin });
  await ensureWritableFolder(plan.outputRoot);
  const incremental = options.incremental ? startIncremental(options, plan.outputRoot, preview) : undefined;
  try {
    const split = incremental?.split(plan.jobs) ?? { run: plan.jobs, unchanged: [] };
    const staleTemporariesRemoved = await removeStaleTemporaries(split.run.flatMap((j) => j.outputs.map((o) => path.dirname(o.path))));
    const jobs = withPreviews(split.run, plan.previewRoot);
    return { plan, incremental, jobs, unchanged: split.unchanged as Ready['unchanged'], staleTemporariesRemoved };
  } catch (error: unknown) {
    incremental?.close();
    throw error;
  }
}

function settledResult(entry: Plan['settled'][number]): JobResult {
  return entry.failure !== undefined ? failedResult(entry.input, entry.failure) : skippedResult(entry.input, entry.skip ?? 'not-regular-file');
}

function summaryOf(
  results: readonly JobResult[],
  started: { at: number; epoch: number },
  signal: AbortSignal | undefined,
  internalError: boolean,
): BatchReport['summary'] {
  const wallMs = performance.now() - started.at;
  return summarize(results, {
    wallMs,
    startedAt: started.epoch,
    endedAt: started.epoch + wallMs,
    interrupted: signal?.aborted === true,
    interruptExitCode: signal?.reason === 'SIGTERM' ? ExitCode.Sigterm : ExitCode.Sigint,
    internalError,
  });
}
