import os from 'node:os';
import path from 'node:path';
import { DEFAULT_THUMBNAIL_SIZE, OP_KINDS, type Op } from './ops';
import { OptionsError, type Issue } from './errors';
import { FORMAT_CHOICES, type FormatOption } from './formats';
import type { OptimizeCoding } from './types';

export type { OptimizeCoding } from './types';

/** Options of one batch, as the library takes them. */
export interface BatchOptions {
  /**
   * Files, folders and globs. A path that exists is taken literally; one with glob characters
   * (`fg.isDynamicPattern`) is a glob; any other names a path that does not exist and gives a
   * `failed` result with code `NOT_FOUND` (or, when nothing at all is found, a `NO_INPUTS` UsageError).
   */
  readonly inputs: readonly string[];
  /** Output folder; created when missing. */
  readonly out: string;
  /** The operation applied to every file. */
  readonly op: Op;
  /**
   * Walk subfolders of folder inputs.
   * @default false
   */
  readonly recursive?: boolean;
  /**
   * Worker threads.
   * @default os.availableParallelism()
   */
  readonly concurrency?: number;
  /**
   * Output format; `keep` writes each file in its own format.
   * @default 'keep'
   */
  readonly format?: FormatOption;
  /**
   * Encoder quality 1-100 for jpeg, webp and avif (ignored for png, gif and tiff).
   * @default 85
   */
  readonly quality?: number;
  /**
   * Huffman tables of JPEG outputs. `true`: optimised for each image (smaller files, one more
   * pass); `false`: the standard tables (libjpeg's and libvips' default); `auto`: optimised when the
   * output has at most a quarter of the input's pixels (thumbnails, downscales), where the pass is
   * a small share of the work and saves bytes; standard when the output keeps every pixel (filters,
   * images already inside the resize box), where the pass costs more time than it saves bytes
   * (bench/RESULTS.md). The pixels are identical either way.
   * @default 'auto'
   */
  readonly optimizeCoding?: OptimizeCoding;
  /**
   * Text added to every output name before the extension.
   * @default ''
   */
  readonly suffix?: string;
  /**
   * Leave outputs that already exist alone (reported as skipped, reason `exists`).
   * @default false (existing outputs are replaced atomically)
   */
  readonly skipExisting?: boolean;
  /**
   * Replace files under an input folder that imgbatch did not write (the output folder's ledger
   * does not list them). Without it, such a file at an output path is a plan error: it may be an
   * original.
   * @default false
   */
  readonly overwrite?: boolean;
  /**
   * Keep EXIF, XMP and ICC metadata (orientation reset to 1).
   * @default false (metadata stripped, pixels converted to sRGB)
   */
  readonly keepMetadata?: boolean;
  /**
   * Refuse inputs with more pixels than this.
   * @default 268402689 (sharp's default, 16383 × 16383)
   */
  readonly maxPixels?: number;
  /**
   * Read SVG files (rendered by librsvg; external references are never loaded). Without it, SVG
   * content is skipped with reason `svg-not-allowed`.
   * @default false
   */
  readonly allowSvg?: boolean;
  /**
   * Follow symbolic links whose target lies outside the folder (or glob root) being searched.
   * Without it they are skipped with reason `outside-input-root`, and nothing outside is read.
   * @default false
   */
  readonly followExternalSymlinks?: boolean;
  /**
   * Limit per file in whole seconds, 0 (none) or 1 to 3600 (sharp's own maximum): sharp's own
   * timeout for the pipeline, and with `isolate` a hard limit one second later that kills and
   * replaces the worker process. Only time the process ran counts, not time it was stopped
   * (see `RunClock` and `stopAwareTimeouts`).
   * @default 60
   */
  readonly timeout?: number;
  /**
   * Host the worker pool in a supervised child process, so a libvips crash (SIGSEGV) fails only
   * the file that caused it and a stuck file can be killed.
   * @default true
   */
  readonly isolate?: boolean;
  /**
   * Folder that relative inputs and `out` are resolved against.
   * @default process.cwd()
   */
  readonly cwd?: string;
}

/** Options with every default filled in and paths made absolute. */
export interface ResolvedOptions extends Required<Omit<BatchOptions, 'inputs' | 'cwd'>> {
  readonly inputs: readonly string[];
  readonly cwd: string;
}

export const DEFAULTS = {
  recursive: false,
  concurrency: os.availableParallelism(),
  format: 'keep',
  quality: 85,
  optimizeCoding: 'auto',
  suffix: '',
  skipExisting: false,
  overwrite: false,
  keepMetadata: false,
  maxPixels: 268402689,
  allowSvg: false,
  followExternalSymlinks: false,
  timeout: 60,
  isolate: true,
  thumbnailSize: DEFAULT_THUMBNAIL_SIZE,
} as const satisfies Partial<Record<keyof BatchOptions, unknown>> & { thumbnailSize: number };

export type Validation = { ok: true; options: ResolvedOptions } | { ok: false; issues: readonly Issue[] };

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** sharp refuses a longer `timeout()`, and Node's timers could not count it either. */
export const MAX_TIMEOUT_SECONDS = 3600;
export const TIMEOUT_EXPECTED = `a whole number of seconds from 0 (no limit) to ${MAX_TIMEOUT_SECONDS}`;
export const isTimeoutSeconds = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_TIMEOUT_SECONDS;

/** Checks every option and reports every issue at once. */
export function validateOptions(input: BatchOptions): Validation {
  const issues: Issue[] = [];
  const need = (ok: boolean, p: string, expected: string, received: unknown): void => {
    if (!ok) issues.push({ path: p, expected, received });
  };

  const inputs: unknown = input.inputs;
  need(
    Array.isArray(inputs) && inputs.length > 0 && inputs.every((s) => typeof s === 'string' && s.length > 0),
    'inputs',
    'a non-empty list of paths or globs',
    inputs,
  );
  need(typeof input.out === 'string' && input.out.length > 0, 'out', 'an output folder path', input.out);
  issues.push(...validateOp(input.op));

  const concurrency = input.concurrency ?? DEFAULTS.concurrency;
  need(isPositiveInt(concurrency), 'concurrency', 'a positive integer', input.concurrency);
  const format = input.format ?? DEFAULTS.format;
  need(FORMAT_CHOICES.includes(format), 'format', `one of ${FORMAT_CHOICES.join(', ')}`, input.format);
  const quality = input.quality ?? DEFAULTS.quality;
  need(isPositiveInt(quality) && quality <= 100, 'quality', 'an integer from 1 to 100', input.quality);
  const optimizeCoding = input.optimizeCoding ?? DEFAULTS.optimizeCoding;
  need(optimizeCoding === 'auto' || typeof optimizeCoding === 'boolean', 'optimizeCoding', "'auto', true or false", input.optimizeCoding);
  const suffix = input.suffix ?? DEFAULTS.suffix;
  need(typeof suffix === 'string' && !/[/\\\0]/.test(suffix), 'suffix', 'text without / \\ or NUL', input.suffix);
  const maxPixels = input.maxPixels ?? DEFAULTS.maxPixels;
  need(isPositiveInt(maxPixels), 'maxPixels', 'a positive integer', input.maxPixels);
  const timeout = input.timeout ?? DEFAULTS.timeout;
  need(isTimeoutSeconds(timeout), 'timeout', TIMEOUT_EXPECTED, input.timeout);

  if (issues.length > 0) return { ok: false, issues };
  const cwd = path.resolve(input.cwd ?? process.cwd());
  return {
    ok: true,
    options: {
      inputs: [...input.inputs],
      out: path.resolve(cwd, input.out),
      op: input.op,
      recursive: input.recursive ?? DEFAULTS.recursive,
      concurrency,
      format,
      quality,
      optimizeCoding,
      suffix,
      skipExisting: input.skipExisting ?? DEFAULTS.skipExisting,
      overwrite: input.overwrite ?? DEFAULTS.overwrite,
      keepMetadata: input.keepMetadata ?? DEFAULTS.keepMetadata,
      maxPixels,
      allowSvg: input.allowSvg ?? DEFAULTS.allowSvg,
      followExternalSymlinks: input.followExternalSymlinks ?? DEFAULTS.followExternalSymlinks,
      timeout,
      isolate: input.isolate ?? DEFAULTS.isolate,
      cwd,
    },
  };
}

/** Like `validateOptions`, but throws an `OptionsError` listing every issue. */
export function resolveOptions(input: BatchOptions): ResolvedOptions {
  const v = validateOptions(input);
  if (!v.ok) throw new OptionsError(v.issues);
  return v.options;
}

function validateOp(op: unknown): Issue[] {
  if (typeof op !== 'object' || op === null || !('kind' in op)) {
    return [{ path: 'op', expected: 'an op object with a kind', received: op }];
  }
  const o = op as Record<string, unknown>;
  switch (o['kind']) {
    case 'resize': {
      const issues: Issue[] = [];
      for (const key of ['width', 'height'] as const) {
        if (o[key] !== undefined && !isPositiveInt(o[key])) {
          issues.push({ path: `op.${key}`, expected: 'a positive integer', received: o[key] });
        }
      }
      return issues;
    }
    case 'thumbnail':
      return isPositiveInt(o['size']) ? [] : [{ path: 'op.size', expected: 'a positive integer', received: o['size'] }];
    case 'grayscale':
    case 'sepia':
      return [];
    default:
      return [{ path: 'op.kind', expected: `one of ${OP_KINDS.join(', ')}`, received: o['kind'] }];
  }
}
