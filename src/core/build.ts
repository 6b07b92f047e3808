/**
 * Why an incremental run (`incremental`) builds an input, in the `build` field of its record. The
 * one list: the README's table, the JSON records and the type derive from it.
 */
export const BUILD_REASONS = {
  new: 'the state has no record of this input (first run, a new file, or a deleted state)',
  'content-changed': "the input's content differs from the content its outputs were made from",
  'settings-changed': 'something that shapes the outputs changed: ops, formats, quality, encoder options or names',
  'versions-changed': 'imgbatch, sharp, libvips or one of its codecs is another version than the one that made the outputs',
  'output-missing': 'an output the state lists is gone',
  'output-changed': 'an output the state lists has another size than the one written',
  'failed-before': 'the last run failed on this input',
  forced: '`force` was given',
} as const;

export type BuildReason = keyof typeof BUILD_REASONS;

/** What a dry run (`dryRun`) says would happen to one input. */
export type PlannedAction = 'write' | 'rebuild' | 'unchanged' | 'skip' | 'fail';

/** Why an output is pruned: its input is gone, or the settings no longer make it. */
export type PruneWhy = 'input-gone' | 'not-made';

/** One output `prune` removed (or would remove, or kept, saying why). */
export interface PrunedOutput {
  /** Absolute. */
  readonly path: string;
  /** The input it was made from. */
  readonly input: string;
  readonly bytes: number;
  readonly why: PruneWhy;
  /** True when it was removed (in a dry run: would be). */
  readonly removed: boolean;
  /** Why it was left: not at the recorded size, not a plain file, outside the output folder, already gone. */
  readonly kept?: string;
}
