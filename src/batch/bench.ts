import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  benchConcurrencies,
  benchIssues,
  benchRows,
  recommendConcurrency,
  sampleEvenly,
  type BenchResult,
  type BenchRow,
  type BenchRun,
  type BenchStart,
  DEFAULT_BENCH_SAMPLE,
} from '../core/bench';
import { OptionsError, UsageError } from '../core/errors';
import { fsPath } from '../core/names';
import { resolveOptions, type BatchOptions, type ResolvedOptions } from '../core/options';
import type { JobRunner } from '../core/types';
import { discoverInputs } from './inputs';
import type { ByteSource } from './read-list';
import { runResolvedBatch } from './run-batch';
import { realpathOfFuture } from './walk-fs';

/** Seams and settings of a bench: all optional, all parameters. */
export interface BenchHooks {
  /** The cores to plan `-j` values for. @default os.availableParallelism() */
  readonly cores?: number;
  /** Inputs in the sample. @default 40 */
  readonly sample?: number;
  /** One run of the sample before the measured ones (at the highest `-j`), not reported. @default true */
  readonly warmup?: boolean;
  /** Runs every batch (its caller owns it). Default: each run creates and closes its own default runner, as a command would. */
  readonly runner?: JobRunner;
  /** Stops the bench: the run in progress stops as a batch does, and no further run starts. */
  readonly signal?: AbortSignal;
  /** Read when the options' `filesFrom` is `-`. */
  readonly stdin?: ByteSource;
  /** Where the temporary output folder is made (and removed). @default os.tmpdir() */
  readonly tempParent?: string;
  readonly onStart?: (start: BenchStart) => void;
  /** Each measured row as it finishes (the `-j 1` row first). */
  readonly onRow?: (row: BenchRow) => void;
}

/** The sample as a NUL-separated list of files, the bytes of each name as found. */
function listOf(inputs: readonly string[]): ByteSource {
  const bytes = Buffer.concat(inputs.flatMap((p) => [Buffer.from(fsPath(p)), Buffer.from([0])]));
  return Readable.from([bytes]);
}

/** The options of one run over the sample: its own output folder and `-j`, the sample as a list (output paths below the folder holding it). */
function runOptions(options: ResolvedOptions, out: string, j: number): ResolvedOptions {
  const { inputs: _inputs, ...rest } = options;
  return { ...rest, out, concurrency: j, filesFrom: '-', null: true, skipExisting: false };
}

/** The inputs as the command would find them, in path order, less those discovery already skips or fails. */
async function sampleInputs(options: ResolvedOptions, hooks: BenchHooks): Promise<{ found: number; sample: string[] }> {
  const outputRoot = await realpathOfFuture(options.out);
  const discovery = await discoverInputs(options, { outputRoot }, { stdin: hooks.stdin, signal: hooks.signal });
  const usable = discovery.entries.filter((e) => e.skip === undefined && e.failure === undefined).map((e) => e.input);
  if (usable.length === 0) {
    throw new UsageError(
      'NO_INPUTS',
      `Expected images to benchmark, but every one of the ${discovery.entries.length} inputs found is skipped or fails before processing`,
    );
  }
  usable.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { found: usable.length, sample: sampleEvenly(usable, hooks.sample ?? DEFAULT_BENCH_SAMPLE) };
}

/**
 * Runs a batch's sample at `-j` 1, 2, 4, … up to the cores (see `benchConcurrencies`), each into a
 * fresh folder of one temporary folder that is removed at the end (also on an error or interrupt),
 * reading the original files. `options.out` only tells discovery where the command's outputs would go:
 * nothing is written there. Throws an `OptionsError` for options bench refuses (incremental, dry run,
 * manifest, shard) and a `UsageError` when there is nothing to sample.
 */
export async function runBench(options: BatchOptions, hooks: BenchHooks = {}): Promise<BenchResult> {
  const resolved = resolveOptions(options);
  const issues = benchIssues(resolved, (key) => key);
  if (issues.length > 0) throw new OptionsError(issues);
  return runResolvedBench(resolved, hooks);
}

/** `runBench` for options already checked (`resolveOptions`, `benchIssues`): the CLI checks them once, with flag names. */
export async function runResolvedBench(options: ResolvedOptions, hooks: BenchHooks = {}): Promise<BenchResult> {
  const cores = hooks.cores ?? os.availableParallelism();
  const warmup = hooks.warmup ?? true;
  const { found, sample } = await sampleInputs(options, hooks);
  const concurrencies = benchConcurrencies(cores);
  hooks.onStart?.({ sample: sample.length, found, concurrencies, cores, warmup });
  const temp = await fs.promises.mkdtemp(path.join(hooks.tempParent ?? os.tmpdir(), 'imgbatch-bench-'));
  const runs: BenchRun[] = [];
  try {
    const plan = warmup ? [0, ...concurrencies] : concurrencies;
    const top = concurrencies[concurrencies.length - 1] ?? 1;
    for (const [i, j] of plan.entries()) {
      if (hooks.signal?.aborted === true) break;
      const out = path.join(temp, j === 0 ? 'warmup' : `j${j}`);
      const report = await runResolvedBatch(runOptions(options, out, j === 0 ? top : j), {
        stdin: listOf(sample),
        ...(hooks.runner === undefined ? {} : { runner: hooks.runner }),
        ...(hooks.signal === undefined ? {} : { signal: hooks.signal }),
      });
      const s = report.summary;
      if (j === 0 || s.interrupted) continue;
      runs.push({ j, wallMs: s.wallMs, processed: s.ok + s.failed, ok: s.ok, failed: s.failed, skipped: s.skipped });
      const row = benchRows(runs)[runs.length - 1];
      if (row !== undefined) hooks.onRow?.(row);
      // Each run's outputs go as soon as it ends: a bench of large outputs does not hold them all.
      if (i < plan.length - 1) await fs.promises.rm(out, { recursive: true, force: true });
    }
  } finally {
    await fs.promises.rm(temp, { recursive: true, force: true });
  }
  const rows = benchRows(runs);
  const interrupted = hooks.signal?.aborted === true;
  return { rows, recommended: recommendConcurrency(rows), cores, sample: sample.length, found, warmup, interrupted };
}
