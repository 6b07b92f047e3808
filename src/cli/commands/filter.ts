import type { CommandModule } from 'yargs';
import { FILTER_KINDS } from '../../core/ops';
import { usageLines, withSharedFlags, type SharedFlags } from '../shared-flags';
import type { CommandRunner } from '../parse';

export type FilterFlags = SharedFlags & { readonly filter?: string | undefined };

const FILTERS = FILTER_KINDS;

const DESCRIBE = 'Apply a colour filter: grayscale or sepia';

export function filterCommand(run: CommandRunner): CommandModule<object, FilterFlags> {
  return {
    command: 'filter <filter> [inputs..]',
    describe: DESCRIBE,
    builder: (y) =>
      withSharedFlags(
        y.positional('filter', {
          type: 'string',
          describe: 'grayscale: one grey channel (JPEG/PNG/TIFF; three equal channels in WebP/AVIF/GIF). sepia: the classic sepia matrix',
        }),
      )
        .usage(usageLines('filter <filter>', DESCRIBE))
        .example('$0 filter grayscale photos -o grey', 'greyscale every image in photos/')
        .example('$0 filter sepia photos -o old --format jpeg -q 90', 'sepia, written as JPEG quality 90'),
    handler: (flags) =>
      run(flags, (issues, single) => {
        const kind = FILTERS.find((f) => f === single.filter);
        if (kind === undefined) {
          issues.push({ path: 'the filter', expected: `one of ${FILTERS.join(', ')}`, received: single.filter });
          return undefined;
        }
        return { kind, specs: {} };
      }),
  };
}
