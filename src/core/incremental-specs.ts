import * as v from 'valibot';
import { plainText, type OptionSpec } from './option-spec';

/** The options of incremental builds and dry runs (part of `BATCH_OPTION_SPECS`). */
export const INCREMENTAL_SPECS = {
  incremental: {
    flag: 'incremental',
    group: 'Incremental builds',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'Rebuild only inputs whose content, settings or outputs changed since the last run; the rest are skipped (unchanged) without being decoded. What was built is kept in a state file in the output folder.',
    details:
      'Each rebuilt record says why (`build`). Deleting the state is safe: the next run rebuilds everything. See [incremental builds](#incremental-builds).',
  },
  state: {
    flag: 'state',
    group: 'Incremental builds',
    schema: v.pipe(v.string(), v.minLength(1)),
    expected: 'a file path',
    value: '<file>',
    help: 'Where --incremental keeps its state (default: .imgbatch-state in the output folder).',
    details:
      'Only with `--incremental`. A lock beside it (`<file>.lock`) keeps two runs from using one state at once. With `--shard i/n` the file name gets `.shard-i-of-n` added, so every shard has its own state and lock.',
    text: plainText,
  },
  force: {
    flag: 'force',
    group: 'Incremental builds',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'With --incremental: rebuild every input (build reason forced), and record the result.',
  },
  prune: {
    flag: 'prune',
    group: 'Incremental builds',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'With --incremental: remove outputs the state says imgbatch wrote, for inputs that no longer exist or outputs the settings no longer make. Only files the state lists, and only at the size it recorded.',
    details: "With `--shard`, only files this shard's state lists, and never an output any shard's inputs still make.",
  },
  dryRun: {
    flag: 'dry-run',
    group: 'Incremental builds',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'Show what would happen to every input (write, unchanged, rebuild and why, prune) and write nothing: no folder, no state, no worker.',
    details: 'Plan errors (colliding names) still exit 2. With `--json` the plan comes as `plan` and `prune` records.',
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;
