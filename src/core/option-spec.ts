import * as v from 'valibot';
import { WHOLE_NUMBER_TEXT } from './limits';

/** The `--help` groups, in the order they are shown. */
export const OPTION_GROUPS = ['Inputs', 'Output', 'Resize', 'Thumbnail', 'Incremental builds', 'Running and reporting'] as const;
export type OptionGroup = (typeof OPTION_GROUPS)[number];

/**
 * How the command line's text becomes the value the option's schema then checks. Conversion only:
 * the range is the schema's (so `--quality 101` converts to 101 and the schema refuses it).
 */
export interface TextForm {
  readonly parse: v.GenericSchema<string, unknown>;
  /** What the flag expects, in words, when that differs from the library's (`auto, on or off`). */
  readonly expected?: string;
}

/**
 * One option, declared once. The library's type, validation and default, the CLI's flag and its
 * text conversion, `--help`, the README's options tables and the JSON Schema all derive from it.
 */
export interface OptionSpec {
  /** The long flag without its dashes; the library's name is its camelCase form. */
  readonly flag: string;
  readonly alias?: string;
  readonly group: OptionGroup;
  /** The library's type and range. */
  readonly schema: v.GenericSchema;
  /** What the schema accepts, in words, for messages: `an integer from 1 to 100`. */
  readonly expected: string;
  /** The value when the option is not given (absent: no default, see `required`). */
  readonly default?: unknown;
  /** The default as `--help` and the README show it (otherwise the value itself). */
  readonly defaultText?: string;
  /** The flag's value in usage text: `<px>`. Switches (booleans) have none. */
  readonly value?: string;
  /** One or two plain sentences: `--help`, the README's first words and the JSON Schema description. */
  readonly help: string;
  /** More for the README (Markdown), after `help`. */
  readonly details?: string;
  /** Text conversion for a flag that takes a value; absent for switches. */
  readonly text?: TextForm;
  /** The CLI's message when the flag is missing, for an option without a default. */
  readonly required?: string;
  /** A switch that is on by default, so users type its `--no-` form: the README shows `--[no-]isolate`. */
  readonly negated?: boolean;
}

/** `" 12 "` → 12; anything but digits is refused here, any range is the option schema's. */
export const wholeNumberText: TextForm = { parse: v.pipe(v.string(), v.trim(), v.regex(WHOLE_NUMBER_TEXT), v.transform(Number)) };

/** Text kept as typed. */
export const plainText: TextForm = { parse: v.string() };

/** A whole number from `min` to `max` (a safe integer, so that every value is exact). */
export const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) => v.pipe(v.number(), v.safeInteger(), v.minValue(min), v.maxValue(max));

/** `optimize-coding` → `optimizeCoding`: the library's name for a flag. */
export function camelName(flag: string): string {
  return flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** `--max-pixels`, `-q, --quality` or `--[no-]isolate`: how usage text names a flag. */
export function flagSpelling(spec: OptionSpec): string {
  const long = `--${spec.negated === true ? '[no-]' : ''}${spec.flag}`;
  return spec.alias === undefined ? long : `-${spec.alias}, ${long}`;
}

/** The default as help text shows it. */
export function defaultShown(spec: OptionSpec): string | undefined {
  if (spec.defaultText !== undefined) return spec.defaultText;
  if (spec.default === undefined) return undefined;
  return typeof spec.default === 'string' ? spec.default : JSON.stringify(spec.default);
}
