import os from 'node:os';
import * as v from 'valibot';
import { FORMAT_CHOICES, FORMATS, formatChoiceNames, formatExpected, parseFormatWord, QUALITY_FORMATS, type QualityFormat } from './formats';
import { MAX_THREADS_PER_CORE, MAX_TIMEOUT_SECONDS } from './limits';
import { NAME_EXPECTED, nameTemplateProblem } from './name-template';
import { FILE_SPECS } from './file-specs';
import { INCREMENTAL_SPECS } from './incremental-specs';
import { INPUT_LIST_SPECS } from './input-list-specs';
import { SHARD_SPECS } from './shard';
import { camelName, plainText, wholeNumber, wholeNumberText, type OptionSpec } from './option-spec';

const TIMEOUT_EXPECTED = `a whole number of seconds from 0 (no limit) to ${MAX_TIMEOUT_SECONDS}`;

/** `--optimize-coding` words → the library's values. */
const CODING_WORDS = { auto: 'auto', on: true, off: false } as const;

const QUALITY_EXPECTED = 'an integer from 1 to 100';

/** `--quality-webp` and its kin: one per format whose encoder takes a quality (the formats table says which). */
function qualitySpec<F extends QualityFormat>(format: F) {
  return {
    flag: `quality-${format}`,
    group: 'Output',
    schema: wholeNumber(1, 100),
    expected: QUALITY_EXPECTED,
    value: '<1-100>',
    help: `Encoder quality for ${FORMATS[format].content} outputs, instead of --quality.`,
    text: wholeNumberText,
  } as const satisfies OptionSpec;
}

type QualitySpecs = { readonly [F in QualityFormat as `quality${Capitalize<F>}`]: ReturnType<typeof qualitySpec<F>> };
const QUALITY_SPECS = Object.fromEntries(QUALITY_FORMATS.map((f) => [camelName(`quality-${f}`), qualitySpec(f)])) as unknown as QualitySpecs;

/** A relative path template (see `name-template.ts`); the check's message says what is wrong. */
const NAME_SCHEMA = v.pipe(
  v.string(),
  v.check(
    (t) => nameTemplateProblem(t) === undefined,
    (issue) => nameTemplateProblem(issue.input) ?? 'not a template',
  ),
);

/**
 * Every option of a batch but its inputs, op and cwd, once, in the order the README lists them.
 * The library's `BatchOptions`, `DEFAULTS` and validation, the CLI's flags and `--help`, the
 * README's options table and the JSON Schema derive from these declarations (see `option-spec.ts`).
 */
export const BATCH_OPTION_SPECS = {
  out: {
    flag: 'out',
    alias: 'o',
    group: 'Output',
    schema: v.pipe(v.string(), v.minLength(1)),
    expected: 'an output folder path',
    value: '<dir>',
    required: 'Expected an output folder: add -o <dir>',
    help: 'Output folder, created if missing. Outputs go to <out>/<subfolder>/<name><suffix>.<ext>.',
    details: '([rules](#output-paths-and-collisions))',
    text: plainText,
  },
  recursive: {
    flag: 'recursive',
    alias: 'r',
    group: 'Inputs',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'Walk the subfolders of folder inputs.',
  },
  ...INPUT_LIST_SPECS,
  concurrency: {
    flag: 'concurrency',
    alias: 'j',
    group: 'Running and reporting',
    schema: wholeNumber(1),
    expected: 'a positive integer',
    default: os.availableParallelism(),
    defaultText: 'os.availableParallelism()',
    value: '<n>',
    help: `Worker threads at most: never more than the files to process, nor than ${MAX_THREADS_PER_CORE} per core.`,
    details:
      'A run starts `min(n, files to process, 2 × cores)` threads, and none when no file is to be processed (a usage or plan error, `--help`, every file skipped in planning); a `-j` above twice the cores is capped with a warning (see [Performance](#performance)).',
    text: wholeNumberText,
  },
  format: {
    flag: 'format',
    group: 'Output',
    schema: v.picklist(FORMAT_CHOICES),
    expected: `one of ${FORMAT_CHOICES.join(', ')}`,
    default: 'keep',
    value: '<f>',
    help: `Output format: ${formatChoiceNames().join(', ')}, in any case. keep writes each file in its own format.`,
    details: '`gif` and `tiff` are written only under `keep`: JPEG→JPEG, PNG→PNG (lossless, no palette), WebP→WebP, AVIF→AVIF, GIF→GIF, TIFF→TIFF (deflate).',
    text: { parse: v.pipe(v.string(), v.transform(parseFormatWord), v.picklist(FORMAT_CHOICES)), expected: formatExpected() },
  },
  quality: {
    flag: 'quality',
    alias: 'q',
    group: 'Output',
    schema: wholeNumber(1, 100),
    expected: QUALITY_EXPECTED,
    default: 85,
    value: '<1-100>',
    help: 'Encoder quality for JPEG, WebP and AVIF; PNG, GIF and TIFF ignore it.',
    details: "It applies to every format; `--quality-jpeg`, `--quality-webp` and `--quality-avif` set one format's. Note that `-q` means quality, not quiet.",
    text: wholeNumberText,
  },
  ...QUALITY_SPECS,
  optimizeCoding: {
    flag: 'optimize-coding',
    group: 'Output',
    schema: v.union([v.literal('auto'), v.boolean()]),
    expected: "'auto', true or false",
    default: 'auto',
    value: '<auto|on|off>',
    help: "JPEG Huffman tables. on: optimised for each image (smaller file, one more pass); off: the standard tables; auto: on when the output keeps at most a quarter of the input's pixels. The pixels are the same either way.",
    details:
      'So `auto` is on for thumbnails and real downscales, off for filters and a resize of an image already inside the box ([why](#jpeg-huffman-tables)).',
    text: {
      parse: v.pipe(
        v.picklist(Object.keys(CODING_WORDS) as (keyof typeof CODING_WORDS)[]),
        v.transform((word) => CODING_WORDS[word]),
      ),
      expected: 'auto, on or off',
    },
  },
  suffix: {
    flag: 'suffix',
    group: 'Output',
    schema: v.pipe(v.string(), v.regex(/^[^/\\\0]*$/)),
    expected: 'text without / \\ or NUL',
    default: '',
    defaultText: 'none',
    value: '<text>',
    help: 'Text added to every output name before the extension, e.g. --suffix _small.',
    details: 'It may not contain `/`, `\\` or NUL.',
    text: plainText,
  },
  name: {
    flag: 'name',
    group: 'Output',
    schema: NAME_SCHEMA,
    expected: NAME_EXPECTED,
    value: '<template>',
    help: 'Output path template, relative to --out, of text and the tokens {dir} {name} {ext} {format} {width} {height} {hash}.',
    details:
      'Default: `{dir}/{name}-{width}.{ext}` when an input has several outputs, else the name of [output paths](#output-paths-and-collisions). See [output names](#output-names).',
    text: plainText,
  },
  ...FILE_SPECS,
  skipExisting: {
    flag: 'skip-existing',
    group: 'Output',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'Leave outputs that already exist untouched (reported as skipped, reason exists).',
    details: '**Without this flag, existing outputs are overwritten** (atomically), except originals (next row).',
  },
  overwrite: {
    flag: 'overwrite',
    group: 'Output',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'Replace files under an input folder that imgbatch did not write. Without it, such a file at an output path stops the run before any work (exit 2): it may be an original.',
    details: "imgbatch knows what it wrote from the output folder's [ledger](#output-paths-and-collisions).",
  },
  ...INCREMENTAL_SPECS,
  keepMetadata: {
    flag: 'keep-metadata',
    group: 'Output',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'Keep EXIF, XMP and ICC metadata, with the orientation reset to 1. Without it, metadata is stripped (no GPS leaks) and pixels are 8-bit sRGB.',
    details: 'See [photos](#what-happens-to-photos-by-default).',
  },
  maxPixels: {
    flag: 'max-pixels',
    group: 'Inputs',
    schema: wholeNumber(1),
    expected: 'a positive integer',
    default: 268402689,
    value: '<n>',
    help: "Refuse inputs with more pixels than this (pixel bombs); the default is sharp's, 16383×16383.",
    details: 'Such files fail with `PIXEL_LIMIT`, judged from the header. An image exactly at the limit works.',
    text: wholeNumberText,
  },
  allowSvg: {
    flag: 'allow-svg',
    group: 'Inputs',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'Read SVG (rendered by librsvg; external references are never loaded). Without it, SVG content is skipped (svg-not-allowed).',
    details: 'Under `--format keep` an SVG is written as PNG.',
  },
  followExternalSymlinks: {
    flag: 'follow-external-symlinks',
    group: 'Inputs',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help: 'Follow symbolic links that leave the folder (or glob root) being searched. Without it they are skipped (outside-input-root) and nothing outside is read.',
  },
  ...SHARD_SPECS,
  timeout: {
    flag: 'timeout',
    group: 'Running and reporting',
    schema: wholeNumber(0, MAX_TIMEOUT_SECONDS),
    expected: TIMEOUT_EXPECTED,
    default: 60,
    value: '<s>',
    help: `Seconds one file may take: 0 (no limit) or a whole number from 1 to ${MAX_TIMEOUT_SECONDS}. Only time the process ran counts, not time it was stopped (Ctrl-Z). A file past it fails with TIMEOUT; its worker process is killed and replaced.`,
    details:
      "Anything else is a usage error (exit 2). sharp stops the pipeline at the limit (3600 is sharp's own maximum), and a file still running one second later has its worker process killed ([how](#crash-isolation-and-timeouts)). Either way the batch goes on.",
    text: wholeNumberText,
  },
  isolate: {
    flag: 'isolate',
    group: 'Running and reporting',
    schema: v.boolean(),
    expected: 'true or false',
    default: true,
    negated: true,
    help: 'Run the workers in a supervised child process (for mostly small files, one per worker thread, up to 4), so a libvips crash fails only its file. --no-isolate runs them in the imgbatch process itself.',
    details: "That saves one process start; a libvips crash then ends the whole batch, and `--timeout` can only use sharp's own stop.",
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;
