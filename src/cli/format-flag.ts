import { FORMAT_CHOICES, formatFromExtension, IMAGE_EXTENSIONS, type FormatOption } from '../core/formats';

/**
 * Other names `--format` accepts, derived from the one list of choices: every extension imgbatch
 * picks up that names a format it writes under another name (`jpg` → `jpeg`, the name outputs get).
 * `tif`/`tiff` and `gif` name formats written only under `keep`, so they are not choices.
 */
export const FORMAT_ALIASES: ReadonlyMap<string, FormatOption> = new Map(
  IMAGE_EXTENSIONS.flatMap((ext): [string, FormatOption][] => {
    const named = formatFromExtension(`x.${ext}`);
    const choice = FORMAT_CHOICES.find((c) => c === named);
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

/** `--format` text → the library's format, in any case, aliases included; undefined if unknown. */
export function parseFormatFlag(raw: string): FormatOption | undefined {
  const word = raw.trim().toLowerCase();
  return FORMAT_CHOICES.find((c) => c === word) ?? FORMAT_ALIASES.get(word);
}
