import * as v from 'valibot';
import { plainText, type OptionSpec } from '../core/option-spec';

/** `imgbatch merge`'s options. Declared like the batch options (see `option-spec.ts`): its `--help` and README table derive from them. */
export const MERGE_OPTION_SPECS = {
  expect: {
    flag: 'expect',
    group: 'Inputs',
    schema: v.string(),
    expected: 'a file',
    value: '<file>',
    help: 'The inputs the runs should have reported together, one path per line (relative to the current folder): an expected input no run reported is listed as missing and makes the exit code at least 1.',
    text: plainText,
  },
  null: {
    flag: 'null',
    alias: '0',
    group: 'Inputs',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'The --expect list is NUL-separated (find -print0), each path exactly as written; without it, one path per line.',
  },
  json: {
    flag: 'json',
    group: 'Running and reporting',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'Print the merged summary as one NDJSON summary record, with the runs, duplicates and missing inputs.',
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;
