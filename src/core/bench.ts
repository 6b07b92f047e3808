import type { Issue } from './errors';
import { round } from './round';

/** One run of the sample at one `-j`, as measured. */
export interface BenchRun {
  readonly j: number;
  /** Wall time of the whole batch, as its summary gives it (discovery, start-up and every file). */
  readonly wallMs: number;
  /** Inputs processed (ok + failed): what images/s counts, as a run's summary does. */
  readonly processed: number;
  readonly ok: number;
  readonly failed: number;
  readonly skipped: number;
}

/** A run with the figures that compare it with `-j 1`. */
/** What a bench is about to run. */
export interface BenchStart {
  readonly sample: number;
  readonly found: number;
  readonly concurrencies: readonly number[];
  readonly cores: number;
  readonly warmup: boolean;
}

export interface BenchRow extends BenchRun {
  readonly imagesPerSec: number;
  /** Time at `-j 1` ÷ time at this `-j` (images/s over images/s at `-j 1`). */
  readonly speedup: number;
  /** `speedup ÷ j`: 1 when every thread added bought its full share. */
  readonly efficiency: number;
}

/** What `imgbatch bench` measured and what it recommends. */
export interface BenchResult {
  readonly rows: readonly BenchRow[];
  /** The `-j` recommended by `recommendConcurrency` (0 when no row was measured). */
  readonly recommended: number;
  /** The core count the `-j` values were planned for. */
  readonly cores: number;
  /** Inputs in the sample. */
  readonly sample: number;
  /** Inputs found that could be sampled (not skipped or failed by discovery). */
  readonly found: number;
  /** Whether a warm-up run came first (not reported). */
  readonly warmup: boolean;
  /** Stopped by an interrupt: the rows are the runs that finished. */
  readonly interrupted: boolean;
}

/** Within this fraction of the best throughput, a smaller `-j` is as good. */
const RECOMMEND_TOLERANCE = 0.05;

/** The rule `recommendConcurrency` applies, in words (the CLI prints it, the README quotes it). */
export const RECOMMEND_RULE = `the smallest -j whose images/s is within ${RECOMMEND_TOLERANCE * 100} % of the best`;

/**
 * The `-j` values a bench runs on `cores` cores: 1, 2, 4, … doubling up to the cores, and the core
 * count itself when it is not a power of two (6 cores: 1, 2, 4, 6).
 */
export function benchConcurrencies(cores: number): number[] {
  const top = Math.max(1, Math.floor(cores));
  const values: number[] = [];
  for (let j = 1; j <= top; j *= 2) values.push(j);
  if (values[values.length - 1] !== top) values.push(top);
  return values;
}

/** Runs → rows: images/s, and speedup and efficiency against the `-j 1` run (the first; 0 when it processed nothing). */
export function benchRows(runs: readonly BenchRun[]): BenchRow[] {
  const rate = (r: BenchRun): number => (r.wallMs > 0 ? r.processed / (r.wallMs / 1000) : 0);
  const base = runs.find((r) => r.j === 1) ?? runs[0];
  const baseRate = base === undefined ? 0 : rate(base);
  return runs.map((r) => {
    const speedup = baseRate > 0 ? rate(r) / baseRate : 0;
    return { ...r, imagesPerSec: round(rate(r), 2), speedup: round(speedup, 2), efficiency: round(speedup / r.j, 2) };
  });
}

/**
 * The `-j` to use on this machine: the smallest whose images/s is within `tolerance` of the best
 * row's, so that threads that buy (almost) nothing are not recommended. 0 for no rows.
 */
export function recommendConcurrency(rows: readonly Pick<BenchRow, 'j' | 'imagesPerSec'>[], tolerance = RECOMMEND_TOLERANCE): number {
  const best = Math.max(0, ...rows.map((r) => r.imagesPerSec));
  const good = rows.filter((r) => r.imagesPerSec >= best * (1 - tolerance)).map((r) => r.j);
  return good.length === 0 ? 0 : Math.min(...good);
}

/**
 * `n` of `items`, evenly spaced (item ⌊i × length ÷ n⌋ for i = 0 … n−1): the same sample every
 * time for the same list, and spread over it (every folder, small and large names) rather than
 * its first `n`. All of them when there are no more than `n`.
 */
export function sampleEvenly<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)] as T);
}

/** Inputs a bench samples unless told otherwise. */
export const DEFAULT_BENCH_SAMPLE = 40;

/** What bench refuses of a batch's options: what would write elsewhere, change state, or pick its own inputs. */
type Refusable = Readonly<Partial<Record<'incremental' | 'dryRun' | 'manifest' | 'report' | 'shard', unknown>>>;

/** Bench's refusals: options that would change state or measure something else, named by `named` (the CLI's flags). */
export function benchIssues(o: Refusable, named: (key: string) => string): Issue[] {
  const why: Readonly<Record<keyof Refusable, string>> = {
    incremental: 'it reads and writes a state file, and a rerun measures what it skips',
    dryRun: 'a dry run processes nothing',
    manifest: 'it would write a manifest of temporary files',
    report: "each run would write a report of temporary files and its previews; bench's own --report goes before the command",
    shard: 'bench takes its own sample of the inputs',
  };
  return (Object.keys(why) as (keyof Refusable)[]).flatMap((key) => {
    const value = o[key];
    if (value === undefined || value === false) return [];
    const expected = `no ${named(key)} with bench`;
    return [{ path: named(key), expected, received: value, message: `Expected ${expected} (${why[key]}), but received ${named(key)}` }];
  });
}
