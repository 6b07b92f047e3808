import * as v from 'valibot';
import type { OptionSpec } from '../core/option-spec';

/** The CLI's own options: how results are shown. Declared like the batch options (see `option-spec.ts`). */
export const REPORT_OPTION_SPECS = {
  json: {
    flag: 'json',
    group: 'Running and reporting',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'NDJSON on stdout: one record per file, then a summary record.',
    details: '([schema](#json-output---json))',
  },
  quiet: {
    flag: 'quiet',
    group: 'Running and reporting',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'Print only failures (on stderr); the exit code tells the rest.',
  },
  progress: {
    flag: 'progress',
    group: 'Running and reporting',
    schema: v.boolean(),
    expected: 'true or false',
    default: true,
    negated: true,
    help: 'Progress bar on stderr, only when stdout and stderr are both terminals (never into a pipe or file); --no-progress hides it.',
    details: '([details](#reporting))',
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;
