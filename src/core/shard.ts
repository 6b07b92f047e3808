import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { pathBytes } from './names';
import { plainText, type OptionSpec } from './option-spec';

/** One part of a run split over several machines: `index` of `count`, 1-based (`2/4`). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

const SHARD_TEXT = /^(\d+)\/(\d+)$/;

/** `"2/4"` → { index: 2, count: 4 }, or why the text is not a shard, in words (for the option's message). */
function readShard(text: string): Shard | string {
  const m = SHARD_TEXT.exec(text);
  if (m === null) return 'not of the form i/n';
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) return 'n must be at least 1';
  if (index < 1) return 'shards are numbered from 1';
  if (index > count) return `there are only ${count} shard${count === 1 ? '' : 's'}`;
  return Number.isSafeInteger(count) ? { index, count } : 'n is too large';
}

/** `"2/4"` → { index: 2, count: 4 }; undefined unless 1 ≤ index ≤ count (whole numbers, no spaces). */
export function parseShard(text: string): Shard | undefined {
  const shard = readShard(text);
  return typeof shard === 'string' ? undefined : shard;
}

/** Why `text` is not a shard, or undefined when it is one. */
function shardProblem(text: string): string | undefined {
  const shard = readShard(text);
  return typeof shard === 'string' ? shard : undefined;
}

const SHARD_EXPECTED = 'i/n, whole numbers with 1 ≤ i ≤ n (e.g. 2/4)';

/** The option (part of `BATCH_OPTION_SPECS`). */
export const SHARD_SPECS = {
  shard: {
    flag: 'shard',
    group: 'Inputs',
    schema: v.pipe(
      v.string(),
      v.check(
        (text) => shardProblem(text) === undefined,
        (issue) => shardProblem(issue.input) ?? 'not a shard',
      ),
    ),
    expected: SHARD_EXPECTED,
    value: '<i/n>',
    help: 'Process only part i of n of the inputs (1-based), for running one command on several machines. Each input belongs to exactly one part, by a hash of its path relative to its input folder.',
    details:
      'Every shard finds and plans the whole set (so collisions are refused the same way in each), then keeps its part. Adding or removing files never moves another file to a different shard. With `--incremental` each shard keeps its own state. See [more than one machine](#more-than-one-machine).',
    text: plainText,
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;

/**
 * The shard (1 … count) a path belongs to: the first 48 bits of the SHA-256 of its bytes (the
 * name's own bytes when it is not valid UTF-8), modulo `count`. Pure and stable across runs,
 * machines and versions; it depends on nothing but the path, so one file's shard never changes
 * when others come or go. `key` uses `/` between folders on every system.
 */
export function shardOf(key: string, count: number): number {
  if (count === 1) return 1;
  const digest = createHash('sha256').update(pathBytes(key)).digest();
  return (digest.readUIntBE(0, 6) % count) + 1;
}

/** The key an input is sharded by: its path relative to its input root (`rel` + its name), with `/`. */
export function shardKey(rel: string, name: string): string {
  const folder = rel.split(/[\\/]/).filter((part) => part !== '');
  return [...folder, name].join('/');
}
