import * as v from 'valibot';
import { nulSeparated } from '../core/input-list-specs';
import { plainText, type OptionSpec } from '../core/option-spec';
import { REPORT_OPTION_SPECS } from './report-options';

const { details: _schemaLink, ...jsonSpec } = REPORT_OPTION_SPECS.json;

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
  null: nulSeparated('The --expect list is NUL-separated (find -print0), each path exactly as written; without it, one path per line.'),
  json: { ...jsonSpec, help: 'Print the merged summary as one NDJSON summary record, with the runs, duplicates and missing inputs.' },
} as const satisfies Readonly<Record<string, OptionSpec>>;
