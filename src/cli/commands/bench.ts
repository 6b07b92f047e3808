import type { Argv, CommandModule } from 'yargs';
import { BENCH_OPTION_SPECS } from '../bench-options';
import { withOptions, type FlagsOf } from '../shared-flags';

/** `imgbatch bench`'s own flags as yargs parses them; `command` is the word of the command it measures. */
export type BenchFlags = { readonly command?: string } & FlagsOf<typeof BENCH_OPTION_SPECS>;

/** What the `bench` handler calls. */
export type BenchRunner = (flags: BenchFlags) => Promise<void>;

const DESCRIBE = 'Run a batch command on a sample of its inputs at -j 1, 2, 4, … up to the cores, into temporary folders, and recommend a -j';

/**
 * `bench <command> …`: yargs sees bench's own flags and the command word; the command's own
 * arguments are split off before (see `splitBenchArgv`) and parsed by that command.
 */
export function benchCommand(bench: BenchRunner): CommandModule<object, BenchFlags> {
  return {
    command: 'bench [command]',
    describe: DESCRIBE,
    builder: (y) =>
      (
        withOptions(
          y.positional('command', {
            describe: 'The batch command to measure (resize, filter, thumbnail, run), followed by its inputs and flags, without -o or -j',
            type: 'string',
          }),
          BENCH_OPTION_SPECS,
        ) as unknown as Argv<BenchFlags>
      )
        .usage(`$0 bench [--sample <n>] [--cores <n>] [--report <file.html>] <command> <inputs..> [options]\n\n${DESCRIBE}`)
        .example('$0 bench thumbnail photos --size 150', '40 of the photos at -j 1, 2, 4, … : wall time, images/s, speedup, efficiency')
        .example('$0 bench --sample 100 resize photos -r --width 1200 --json', 'NDJSON rows and the recommendation')
        .example('$0 bench run images.json --report bench.html', "a recipe's build, with a chart in bench.html"),
    handler: (flags) => bench(flags),
  };
}
