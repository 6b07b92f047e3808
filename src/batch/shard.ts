import path from 'node:path';
import { parseShard, shardKey, shardOf, type Shard } from '../core/shard';
import { UsageError } from '../core/errors';
import type { Discovered } from '../core/types';
import type { Plan } from './plan';

/**
 * The run's shard as numbers, or undefined when the run is whole (no `shard`, or `1/1`, which
 * counts as no shard everywhere); a `UsageError` for text `resolveOptions` would have refused.
 */
export function activeShard(options: { readonly shard?: string | undefined }): Shard | undefined {
  const text = options.shard;
  if (text === undefined) return undefined;
  const shard = parseShard(text);
  if (shard === undefined) throw new UsageError('USAGE', `Expected --shard as i/n with 1 ≤ i ≤ n (e.g. 2/4) but received ${JSON.stringify(text)}`);
  return shard.count === 1 ? undefined : shard;
}

/** The shard an entry belongs to (see `shardOf`): by its path relative to its input root. */
function shardOfEntry(entry: Pick<Discovered, 'input' | 'rel'>, count: number): number {
  return shardOf(shardKey(entry.rel, path.basename(entry.input)), count);
}

/**
 * The part of a whole plan that one shard runs: its jobs and its settled entries (skips and
 * failures are reported by the shard the input belongs to, so every input has one record over all
 * shards). The plan was made, and checked for collisions, over every input first.
 */
export function shardPart(plan: Plan, found: readonly Discovered[], shard: Shard): Plan {
  const mine = (e: Pick<Discovered, 'input' | 'rel'>): boolean => shardOfEntry(e, shard.count) === shard.index;
  const relOf = new Map(found.map((e) => [e.input, e.rel]));
  return {
    jobs: plan.jobs.filter((job) => mine({ input: job.input, rel: relOf.get(job.input) ?? '' })),
    settled: plan.settled.filter(mine),
  };
}
