import path from 'node:path';

/**
 * The one table of formats: every other list of formats (extensions picked from folders, the
 * `--format` choices, names of content, what `--format keep` writes, the extension an output
 * gets, which encoders store grey) derives from it. Pure: no I/O.
 *
 * Rows are in the order the extensions are listed to users.
 */
export const FORMATS = {
  jpeg: { extensions: ['jpg', 'jpeg'], written: 'jpg', content: 'JPEG', choice: true, keptAs: 'jpeg', grey: true, quality: true, sharp: 'jpeg' },
  png: { extensions: ['png'], written: 'png', content: 'PNG', choice: true, keptAs: 'png', grey: true, quality: false, sharp: 'png' },
  webp: { extensions: ['webp'], written: 'webp', content: 'WebP', choice: true, keptAs: 'webp', grey: false, quality: true, sharp: 'webp' },
  gif: { extensions: ['gif'], written: 'gif', content: 'GIF', choice: false, keptAs: 'gif', grey: false, quality: false, sharp: 'gif' },
  tiff: { extensions: ['tif', 'tiff'], written: 'tiff', content: 'TIFF', choice: false, keptAs: 'tiff', grey: true, quality: false, sharp: 'tiff' },
  avif: { extensions: ['avif'], written: 'avif', content: 'AVIF', choice: true, keptAs: 'avif', grey: false, quality: true, sharp: 'heif' },
  // No SVG encoder: `--format keep` writes SVG as PNG.
  svg: { extensions: ['svg'], written: 'png', content: 'SVG', choice: false, keptAs: 'png', grey: false, quality: false, sharp: 'svg' },
} as const satisfies Record<string, FormatRow>;

interface FormatRow {
  /** Extensions that name it (any case); folders and globs pick these. */
  readonly extensions: readonly string[];
  /** The extension an output in this format gets when the format changes. */
  readonly written: string;
  /** What its content is called (by its first bytes) in messages. */
  readonly content: string;
  /** A `--format` choice; the others are written only under `keep`. */
  readonly choice: boolean;
  /** What `--format keep` writes for it. */
  readonly keptAs: string;
  /** Its encoder stores one grey channel (the others get three equal channels). */
  readonly grey: boolean;
  /** Its encoder takes a quality (1–100): it has its own `--quality-<format>` flag. */
  readonly quality: boolean;
  /** sharp's name for it in `metadata().format`. */
  readonly sharp: string;
}

type Formats = typeof FORMATS;

/** A format an input's name or content can have. */
export type NamedFormat = keyof Formats;
/** A format imgbatch writes. */
export type OutputFormat = Formats[NamedFormat]['keptAs'];
/** What the first bytes of a readable image are called. */
export type ContentName = Formats[NamedFormat]['content'];
/** Formats whose encoder takes a quality (each has its own `--quality-<format>` flag). */
export type QualityFormat = { [K in NamedFormat]: Formats[K]['quality'] extends true ? K : never }[NamedFormat];

/** What `--format` accepts: `keep` writes each file in its own format. */
export type FormatOption = 'keep' | { [K in NamedFormat]: Formats[K]['choice'] extends true ? K : never }[NamedFormat];

const rows = Object.entries(FORMATS) as [NamedFormat, Formats[NamedFormat]][];

/** Extensions picked from folders and globs (compared case-insensitively). */
export const IMAGE_EXTENSIONS: readonly string[] = rows.flatMap(([, row]) => row.extensions);

/** Whether a file name ends in one of `IMAGE_EXTENSIONS` (any case). */
export function hasImageExtension(file: string): boolean {
  return IMAGE_EXTENSIONS.includes(path.extname(file).slice(1).toLowerCase());
}

/** `--format` values: `keep`, then the choices. */
export const FORMAT_CHOICES: readonly FormatOption[] = ['keep', ...rows.filter(([, row]) => row.choice).map(([name]) => name as FormatOption)];

/** Formats with a quality, in table order. */
export const QUALITY_FORMATS = rows.filter(([, row]) => row.quality).map(([name]) => name as QualityFormat);

/** Content names of every readable format (SVG only with `--allow-svg`). */
export const READABLE_CONTENT: ReadonlySet<string> = new Set(rows.map(([, row]) => row.content));

const BY_EXTENSION: ReadonlyMap<string, NamedFormat> = new Map(rows.flatMap(([name, row]) => row.extensions.map((ext) => [ext, name] as const)));

/** The format an input's extension names (`.JPG` → jpeg), if any. */
export function formatFromExtension(file: string): NamedFormat | undefined {
  return BY_EXTENSION.get(path.extname(file).slice(1).toLowerCase());
}

/** What `--format keep` writes for a named format: itself, except SVG → PNG. */
export function keptFormat(named: NamedFormat | undefined): OutputFormat | undefined {
  return named === undefined ? undefined : FORMATS[named].keptAs;
}

/** The extension an output in `format` gets when the format changes (`jpeg` → `jpg`). */
export function writtenExtension(format: OutputFormat): string {
  return FORMATS[format].written;
}

/** Whether `format`'s encoder stores one grey channel. */
export function storesGrey(format: OutputFormat): boolean {
  return FORMATS[format].grey;
}

/** The content name a named format's file should have (`jpeg` → `JPEG`). */
export function contentOf(named: NamedFormat): ContentName {
  return FORMATS[named].content;
}

/**
 * What `--format keep` writes for content sharp names `sharpName` (its `metadata().format`); HEIF
 * only when AV1-coded (AVIF), never HEVC (HEIC has no decoder here).
 */
export function keptFormatOfSharp(sharpName: string | undefined, compression: string | undefined): OutputFormat | undefined {
  const row = rows.find(([, r]) => r.sharp === sharpName)?.[1];
  if (row === undefined || (row.sharp === 'heif' && compression !== 'av1')) return undefined;
  return row.keptAs;
}

/**
 * Other names `--format` accepts, derived from the table: every extension imgbatch picks up that
 * names a format it writes under another name (`jpg` → `jpeg`, the name outputs get). `tif`/`tiff`
 * and `gif` name formats written only under `keep`, so they are not choices.
 */
export const FORMAT_ALIASES: ReadonlyMap<string, FormatOption> = new Map(
  IMAGE_EXTENSIONS.flatMap((ext): [string, FormatOption][] => {
    const choice = FORMAT_CHOICES.find((c) => c === formatFromExtension(`x.${ext}`));
    return choice !== undefined && choice !== ext ? [[ext, choice]] : [];
  }),
);

/** `keep`, `jpeg (or jpg)`, …: the choices with their aliases, for help and messages. */
export function formatChoiceNames(): string[] {
  return FORMAT_CHOICES.map((choice) => {
    const aliases = [...FORMAT_ALIASES].filter(([, c]) => c === choice).map(([alias]) => alias);
    return aliases.length === 0 ? choice : `${choice} (or ${aliases.join(', ')})`;
  });
}

/** What `--format` expects, in one phrase (for the issue when it gets anything else). */
export function formatExpected(): string {
  return `one of ${formatChoiceNames().join(', ')}, in any case`;
}

/** A `--format` word → the format, in any case, aliases included; undefined if unknown. */
export function parseFormatWord(raw: string): FormatOption | undefined {
  const word = raw.trim().toLowerCase();
  return FORMAT_CHOICES.find((c) => c === word) ?? FORMAT_ALIASES.get(word);
}
