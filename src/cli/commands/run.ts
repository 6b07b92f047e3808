import type { Argv, CommandModule } from 'yargs';
import { BATCH_OPTION_SPECS } from '../../core/option-specs';
import type { RunFlags } from '../recipe-options';
import { REPORT_OPTION_SPECS } from '../report-options';
import { withOptions, withOptionsAs } from '../shared-flags';

/** What the `run` handler calls with the recipe file and the flags given. */
export type RecipeRunner = (flags: RunFlags) => Promise<void>;

export function runCommand(run: RecipeRunner): CommandModule<object, RunFlags> {
  return {
    command: 'run <recipe>',
    describe: 'Run a recipe: a JSON file with the inputs, the output folder, shared settings and every output (see imgbatch schema)',
    builder: (y) =>
      withOptions(
        withOptionsAs(y.positional('recipe', { type: 'string', describe: 'The recipe file; paths in it are relative to its folder' }), true, [
          BATCH_OPTION_SPECS,
        ]),
        REPORT_OPTION_SPECS,
      )
        .example('$0 run images.json', 'run the build the recipe describes')
        .example('$0 run images.json -j 2 --json', "the same, with flags overriding the recipe's settings") as unknown as Argv<RunFlags>,
    handler: (flags) => run(flags),
  };
}
