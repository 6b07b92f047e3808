import type { Argv } from 'yargs';
import { DEFAULTS, MAX_TIMEOUT_SECONDS } from '../core/options';
import { IMAGE_EXTENSIONS } from '../core/formats';
import { MAX_THREADS_PER_CORE, maxWorkerThreads } from '../runners/budget';
import { formatChoiceNames } from './format-flag';

/** Flags every command shares, as yargs parses them (numbers stay text until validated). */
export interface SharedFlags {
  readonly inputs: readonly string[];
  readonly out: string;
  readonly recursive: boolean;
  readonly concurrency?: string;
  readonly format?: string;
  readonly quality?: string;
  readonly optimizeCoding?: string;
  readonly suffix?: string;
  readonly maxPixels?: string;
  readonly skipExisting: boolean;
  readonly overwrite: boolean;
  readonly keepMetadata: boolean;
  readonly allowSvg: boolean;
  readonly followExternalSymlinks: boolean;
  readonly timeout?: string;
  readonly isolate: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly progress: boolean;
}

const INPUT_GROUP = 'Inputs:';
const OUTPUT_GROUP = 'Output:';
const RUN_GROUP = 'Running and reporting:';

/** Adds the `<inputs..>` positional and the shared flags, grouped for --help. */
export function withSharedFlags<T>(y: Argv<T>): Argv<T & SharedFlags> {
  return withRunFlags(withOutputFlags(withInputFlags(y))) as unknown as Argv<T & SharedFlags>;
}

function withInputFlags<T>(y: Argv<T>): Argv<T> {
  return y
    .positional('inputs', {
      describe: `Files, folders and quoted globs. An existing path is taken literally; one with glob characters (* ? [ ] { } …) is a glob; any other that does not exist fails with NOT_FOUND. Folders and globs pick ${IMAGE_EXTENSIONS.join(', ')} (any case, no dotfiles); a file named explicitly is tried whatever its extension.`,
      type: 'string',
      array: true,
    })
    .option('recursive', { alias: 'r', type: 'boolean', default: false, group: INPUT_GROUP, describe: 'Walk subfolders of folder inputs' })
    .option('allow-svg', {
      type: 'boolean',
      default: false,
      group: INPUT_GROUP,
      describe: 'Read SVG (external references are never loaded). Without it SVG content is skipped (svg-not-allowed)',
    })
    .option('follow-external-symlinks', {
      type: 'boolean',
      default: false,
      group: INPUT_GROUP,
      describe: 'Follow symbolic links that leave the folder being searched. Without it they are skipped (outside-input-root)',
    })
    .option('max-pixels', {
      type: 'string',
      group: INPUT_GROUP,
      defaultDescription: String(DEFAULTS.maxPixels),
      describe: 'Refuse inputs with more pixels than this (pixel bombs)',
    });
}

function withOutputFlags<T>(y: Argv<T>): Argv<T> {
  return y
    .option('out', {
      alias: 'o',
      type: 'string',
      demandOption: 'Expected an output folder: add -o <dir>',
      group: OUTPUT_GROUP,
      describe: 'Output folder (created). Outputs go to <out>/<subfolder>/<name><suffix>.<ext>',
    })
    .option('format', {
      type: 'string',
      group: OUTPUT_GROUP,
      defaultDescription: 'keep',
      describe: `Output format: ${formatChoiceNames().join(' | ')}, any case. keep writes each file in its own format (JPEG→JPEG, PNG→PNG lossless, GIF→GIF, TIFF→TIFF deflate, …)`,
    })
    .option('quality', {
      alias: 'q',
      type: 'string',
      group: OUTPUT_GROUP,
      defaultDescription: String(DEFAULTS.quality),
      describe: 'Quality 1-100 for jpeg, webp and avif; ignored for png, gif and tiff',
    })
    .option('optimize-coding', {
      type: 'string',
      group: OUTPUT_GROUP,
      defaultDescription: 'auto',
      describe:
        "JPEG Huffman tables: on (optimised: smaller files, one more pass) | off (standard) | auto (on when the output has at most a quarter of the input's pixels). Same pixels either way",
    })
    .option('suffix', {
      type: 'string',
      group: OUTPUT_GROUP,
      defaultDescription: 'none',
      describe: 'Text added to every output name before the extension, e.g. --suffix _small',
    })
    .option('skip-existing', {
      type: 'boolean',
      default: false,
      group: OUTPUT_GROUP,
      describe: 'Leave outputs that already exist alone. Without it, existing outputs are overwritten (atomically)',
    })
    .option('overwrite', {
      type: 'boolean',
      default: false,
      group: OUTPUT_GROUP,
      describe:
        'Replace files under an input folder that imgbatch did not write. Without it, such a file at an output path stops the run before any work (it may be an original)',
    })
    .option('keep-metadata', {
      type: 'boolean',
      default: false,
      group: OUTPUT_GROUP,
      describe: 'Keep EXIF, XMP and ICC (orientation reset to 1). Default: metadata stripped (no GPS leaks), pixels in 8-bit sRGB',
    });
}

function withRunFlags<T>(y: Argv<T>): Argv<T> {
  return y
    .option('concurrency', {
      alias: 'j',
      type: 'string',
      group: RUN_GROUP,
      defaultDescription: `os.availableParallelism(), here ${DEFAULTS.concurrency}`,
      describe: `Worker threads at most: never more than the files to process, nor than ${MAX_THREADS_PER_CORE} per core (here ${maxWorkerThreads()})`,
    })
    .option('timeout', {
      type: 'string',
      group: RUN_GROUP,
      defaultDescription: String(DEFAULTS.timeout),
      describe: `Seconds one file may take: 0 (no limit) or 1-${MAX_TIMEOUT_SECONDS} whole seconds. Only time the process ran counts (not time stopped by Ctrl-Z). A file past it fails with TIMEOUT; its worker process is killed and replaced`,
    })
    .option('isolate', {
      type: 'boolean',
      default: true,
      group: RUN_GROUP,
      describe: 'Run the workers in a supervised child process, so a libvips crash fails only its file (--no-isolate: in this process)',
    })
    .option('json', { type: 'boolean', default: false, group: RUN_GROUP, describe: 'NDJSON on stdout: one record per file, then a summary record' })
    .option('quiet', { type: 'boolean', default: false, group: RUN_GROUP, describe: 'Print only failures (on stderr); the exit code tells the rest' })
    .option('progress', {
      type: 'boolean',
      default: true,
      group: RUN_GROUP,
      describe: 'Progress bar on stderr, only when stdout and stderr are both terminals (never into a pipe or file); --no-progress hides it',
    });
}
