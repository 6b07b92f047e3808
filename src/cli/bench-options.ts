import * as v from 'valibot';
import { DEFAULT_BENCH_SAMPLE } from '../core/bench';
import { FILE_SPECS } from '../core/file-specs';
import { wholeNumber, wholeNumberText, type OptionSpec } from '../core/option-spec';

/** A batch's --report, without its notes on previews: bench's page is the table and a chart. */
const { details: _previews, ...reportFile } = FILE_SPECS.report;

/**
 * `imgbatch bench`'s own options, before the command it measures. Declared like the batch options
 * (see `option-spec.ts`): its `--help` and README table derive from them.
 */
export const BENCH_OPTION_SPECS = {
  sample: {
    flag: 'sample',
    group: 'Running and reporting',
    schema: wholeNumber(1),
    expected: 'a positive integer',
    default: DEFAULT_BENCH_SAMPLE,
    value: '<n>',
    help: 'Images to run: this many of the inputs found, evenly spaced in path order (all of them when there are fewer).',
    text: wholeNumberText,
  },
  cores: {
    flag: 'cores',
    group: 'Running and reporting',
    schema: wholeNumber(1),
    expected: 'a positive integer',
    defaultText: 'os.availableParallelism()',
    value: '<n>',
    help: 'The cores to plan for: -j runs 1, 2, 4, … up to this, and this itself.',
    text: wholeNumberText,
  },
  warmup: {
    flag: 'warmup',
    group: 'Running and reporting',
    schema: v.boolean(),
    expected: 'true or false',
    default: true,
    negated: true,
    help: 'One unmeasured run of the sample first (at the highest -j), so that the first row does not pay for a cold disk cache; --no-warmup skips it.',
  },
  report: {
    ...reportFile,
    expected: 'an HTML file path',
    help: 'Also write the table and a chart of images/s and efficiency per -j to this self-contained HTML file (written whole, at the end).',
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;
