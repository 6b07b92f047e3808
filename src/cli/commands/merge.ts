import type { Argv, CommandModule } from 'yargs';
import { MERGE_OPTION_SPECS } from '../merge-options';
import { withOptions, type FlagsOf } from '../shared-flags';

/** `imgbatch merge`'s flags as yargs parses them. */
export type MergeFlags = { readonly reports: readonly string[] } & FlagsOf<typeof MERGE_OPTION_SPECS>;

/** The report `-` (stdin) as the handler receives it: a name no file can have (it holds a NUL). */
export const STDIN_REPORT = '\0stdin';

/** What the `merge` handler calls. */
export type MergeRunner = (flags: MergeFlags) => Promise<void>;

export function mergeCommand(merge: MergeRunner): CommandModule<object, MergeFlags> {
  return {
    command: 'merge <reports..>',
    describe: 'Merge the reports (--json) of several runs, shards on several machines, into one summary',
    builder: (y) =>
      (
        withOptions(
          y.positional('reports', {
            describe: 'The NDJSON reports of runs (imgbatch … --json, schema 1 or 2); - reads one from stdin',
            type: 'string',
            array: true,
          }),
          MERGE_OPTION_SPECS,
        ) as unknown as Argv<MergeFlags>
      )
        .example('$0 merge reports/*.ndjson', 'one summary over every shard: counts, throughput, p50/p95, the worst exit code')
        .example('$0 merge reports/*.ndjson --expect all-inputs.txt', 'also list inputs reported twice, or by no shard')
        .example('cat reports/*.ndjson | $0 merge - --json', 'the merged summary record, from stdin'),
    handler: (flags) => merge(flags),
  };
}
