import type { BatchOptions, OptimizeCoding } from '../core/options';
import { MAX_TIMEOUT_SECONDS, TIMEOUT_EXPECTED, validateOptions } from '../core/options';
import { OptionsError, type Issue } from '../core/errors';
import { formatExpected, parseFormatFlag } from './format-flag';
import type { Op } from '../core/ops';
import { singleValues } from './repeated';
import type { SharedFlags } from './shared-flags';

/** Builds a command's op from its flags (one value each), pushing issues on bad flags. */
export type MakeOp<F extends SharedFlags> = (issues: Issue[], flags: F) => Op | undefined;

/** What a command handler calls: its flags and how to build its op. */
export type CommandRunner = <F extends SharedFlags>(flags: F, makeOp: MakeOp<F>) => Promise<void>;

/** `"12"` → 12; undefined stays undefined; anything else is an issue naming the flag. */
export function parseIntFlag(flag: string, raw: string | undefined, issues: Issue[]): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    issues.push({ path: flag, expected: 'a positive integer', received: raw });
    return undefined;
  }
  return value;
}

/** `"0"` → 0, `"30"` → 30; for flags where 0 means "none", up to `max`, with the issue worded as `expected`. */
export function parseWholeFlag(
  flag: string,
  raw: string | undefined,
  issues: Issue[],
  max = Number.MAX_SAFE_INTEGER,
  expected = 'a whole number (0 for none)',
): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value > max) {
    issues.push({ path: flag, expected, received: raw });
    return undefined;
  }
  return value;
}

/** `--optimize-coding` words → the library's `optimizeCoding`. */
const OPTIMIZE_CODING: ReadonlyMap<string, OptimizeCoding> = new Map<string, OptimizeCoding>([
  ['auto', 'auto'],
  ['on', true],
  ['off', false],
]);

/** Library option paths → the flags a CLI user typed. */
const FLAG_FOR_PATH: Readonly<Record<string, string>> = {
  inputs: '<inputs..>',
  out: '--out',
  concurrency: '--concurrency',
  format: '--format',
  quality: '--quality',
  optimizeCoding: '--optimize-coding',
  suffix: '--suffix',
  maxPixels: '--max-pixels',
  timeout: '--timeout',
  'op.width': '--width',
  'op.height': '--height',
  'op.size': '--size',
};

/**
 * Flags → library options, checking everything and throwing one `OptionsError` that lists every
 * issue with the flag names the user typed.
 */
export function toBatchOptions<F extends SharedFlags>(given: F, makeOp: MakeOp<F>, argv: readonly string[] = []): BatchOptions {
  const issues: Issue[] = [];
  const single = singleValues(given, argv);
  const flags = single.flags;
  const op = makeOp(issues, flags);
  const concurrency = parseIntFlag('--concurrency', flags.concurrency, issues);
  const maxPixels = parseIntFlag('--max-pixels', flags.maxPixels, issues);
  // Checked here, so that the message shows the value as typed ("3601", not 3601).
  const timeout = parseWholeFlag('--timeout', flags.timeout, issues, MAX_TIMEOUT_SECONDS, TIMEOUT_EXPECTED);
  const qualityText = flags.quality;
  const quality = parseIntFlag('--quality', qualityText, issues);
  if (quality !== undefined && quality > 100) issues.push({ path: '--quality', expected: 'an integer from 1 to 100', received: qualityText });
  const coding = flags.optimizeCoding === undefined ? undefined : OPTIMIZE_CODING.get(flags.optimizeCoding);
  if (flags.optimizeCoding !== undefined && coding === undefined)
    issues.push({ path: '--optimize-coding', expected: 'auto, on or off', received: flags.optimizeCoding });
  const format = flags.format === undefined ? undefined : parseFormatFlag(flags.format);
  if (flags.format !== undefined && format === undefined) issues.push({ path: '--format', expected: formatExpected(), received: flags.format });
  const options: BatchOptions = {
    inputs: flags.inputs,
    out: flags.out,
    // A bad op already left an issue; any valid op lets the remaining flags be checked too.
    op: op ?? { kind: 'grayscale' },
    recursive: flags.recursive,
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(maxPixels === undefined ? {} : { maxPixels }),
    ...(timeout === undefined ? {} : { timeout }),
    ...(quality === undefined || quality > 100 ? {} : { quality }),
    ...(format === undefined ? {} : { format }),
    ...(coding === undefined ? {} : { optimizeCoding: coding }),
    ...(flags.suffix === undefined ? {} : { suffix: flags.suffix }),
    skipExisting: flags.skipExisting,
    overwrite: flags.overwrite,
    keepMetadata: flags.keepMetadata,
    allowSvg: flags.allowSvg,
    followExternalSymlinks: flags.followExternalSymlinks,
    isolate: flags.isolate,
  };
  const checked = validateOptions(options);
  if (!checked.ok) {
    for (const issue of checked.issues) issues.push({ ...issue, path: FLAG_FOR_PATH[issue.path] ?? issue.path });
  }
  const all = [...single.issues, ...issues.filter((i) => !single.repeated.has(i.path))];
  if (all.length > 0) throw new OptionsError(all);
  return options;
}
