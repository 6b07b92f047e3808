import type { Argv, Options } from 'yargs';
import { IMAGE_EXTENSIONS } from '../core/formats';
import { defaultShown, OPTION_GROUPS, type OptionSpec, type TextForm } from '../core/option-spec';
import { BATCH_OPTION_SPECS } from '../core/option-specs';
import { FORMATS_LIST_SPECS } from '../core/list-specs';
import { REPORT_OPTION_SPECS } from './report-options';

type SpecTable = Readonly<Record<string, OptionSpec>>;

type TextKeys<T extends SpecTable> = { [K in keyof T]: T[K] extends { readonly text: TextForm } ? K : never }[keyof T];

/**
 * The flags of a table of options as yargs hands them over, keyed like the library's options: a
 * switch is a boolean (it has a default), any other flag its text if given (converted later).
 */
export type FlagsOf<T extends SpecTable> = Partial<Readonly<Record<TextKeys<T>, string>>> & Readonly<Record<Exclude<keyof T, TextKeys<T>>, boolean>>;

/** Flags every command shares, as yargs parses them. */
export type SharedFlags = { readonly inputs: readonly string[] } & FlagsOf<typeof BATCH_OPTION_SPECS> &
  FlagsOf<typeof FORMATS_LIST_SPECS> &
  FlagsOf<typeof REPORT_OPTION_SPECS>;

/**
 * One declaration → one yargs option. Values stay text until their `TextForm` converts them. As an
 * `override` (of a recipe's setting) a flag has no default and is never demanded: only flags given count.
 */
export function yargsOption(spec: OptionSpec, override = false): Options {
  const shown = defaultShown(spec);
  const common: Options = { describe: spec.help, group: `${spec.group}:`, ...(spec.alias === undefined ? {} : { alias: spec.alias }) };
  if (override) return { ...common, type: spec.text === undefined ? 'boolean' : 'string' };
  if (spec.text === undefined) return { ...common, type: 'boolean', default: spec.default };
  return {
    ...common,
    type: 'string',
    ...(spec.required === undefined ? {} : { demandOption: spec.required }),
    ...(shown === undefined ? {} : { defaultDescription: shown }),
  };
}

/** Adds the options of `tables` to a command, group by group in `OPTION_GROUPS` order. */
export function withOptions<T>(y: Argv<T>, ...tables: readonly SpecTable[]): Argv<T> {
  return withOptionsAs(y, false, tables);
}

/** `withOptions`, the flags as overrides of a recipe's settings (see `yargsOption`). */
export function withOptionsAs<T>(y: Argv<T>, override: boolean, tables: readonly SpecTable[]): Argv<T> {
  const specs = tables.flatMap((table) => Object.values(table));
  let argv = y;
  for (const group of OPTION_GROUPS) {
    for (const spec of specs.filter((s) => s.group === group)) argv = argv.option(spec.flag, yargsOption(spec, override));
  }
  return argv;
}

/**
 * A command's usage for its `--help`: with `<inputs..>`, or with a list of them (`command`: the
 * words before the inputs), then what it does.
 */
export function usageLines(command: string, describe: string): string {
  return `$0 ${command} <inputs..> -o <dir> [options]\n$0 ${command} --files-from <list> -o <dir> [options]\n\n${describe}`;
}

/** Adds the `<inputs..>` positional and the shared options. */
export function withSharedFlags<T>(y: Argv<T>): Argv<T & SharedFlags> {
  const argv = y.positional('inputs', {
    describe: `Files, folders and quoted globs. An existing path is taken literally; one with glob characters (* ? [ ] { } …) is a glob; any other that does not exist fails with NOT_FOUND. Folders and globs pick ${IMAGE_EXTENSIONS.join(', ')} (any case, no dotfiles); a file named explicitly is tried whatever its extension. None with --files-from, which lists them instead.`,
    type: 'string',
    array: true,
  });
  return withOptions(argv, BATCH_OPTION_SPECS, FORMATS_LIST_SPECS, REPORT_OPTION_SPECS) as unknown as Argv<T & SharedFlags>;
}

/** Adds a command's own options (`--width`, `--size`, and their lists) after the shared ones. */
export function withOwnFlags<T, X extends SpecTable, L extends SpecTable>(y: Argv<T>, own: X, lists: L): Argv<T & FlagsOf<X> & FlagsOf<L>> {
  return withOptions(y, own, lists) as unknown as Argv<T & FlagsOf<X> & FlagsOf<L>>;
}
