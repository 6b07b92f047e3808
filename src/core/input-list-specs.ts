import * as v from 'valibot';
import { describeValue, type Issue } from './errors';
import { plainText, type OptionSpec } from './option-spec';

/** `-0, --null`: a list of paths is NUL-separated. For `--files-from`, and `merge --expect`. */
export function nulSeparated(help: string) {
  return {
    flag: 'null',
    alias: '0',
    group: 'Inputs',
    schema: v.boolean(),
    expected: 'true or false',
    default: false,
    help,
  } as const satisfies OptionSpec;
}

/** The options of a list of input files (part of `BATCH_OPTION_SPECS`). */
export const INPUT_LIST_SPECS = {
  filesFrom: {
    flag: 'files-from',
    group: 'Inputs',
    schema: v.pipe(v.string(), v.minLength(1)),
    expected: 'a file path, or - for standard input',
    value: '<file>',
    help: 'Read the input files from this list (- for standard input) instead of <inputs..>: one path per line, or NUL-separated with -0. Each is a file, taken literally.',
    details: 'See [lists of files](#lists-of-files).',
    text: plainText,
  },
  null: nulSeparated('The --files-from list is NUL-separated (find -print0, xargs -0), so names may hold line breaks.'),
  root: {
    flag: 'root',
    group: 'Inputs',
    schema: v.pipe(v.string(), v.minLength(1)),
    expected: 'a folder path',
    value: '<dir>',
    help: 'With --files-from: the folder output paths are relative to (default: the deepest folder holding every listed path).',
    details:
      'A listed file outside it fails with `OUTSIDE_ROOT`; a symbolic link leaving it is skipped (outside-input-root) unless `--follow-external-symlinks`.',
    text: plainText,
  },
} as const satisfies Readonly<Record<string, OptionSpec>>;

/** What the rules between inputs and a list look at. */
type ListShape = Readonly<Partial<Record<'inputs' | 'filesFrom' | 'null' | 'root', unknown>>>;

/**
 * Rules between the inputs and a list of them: files, folders and globs (`inputs`) or a list
 * (`filesFrom`), exactly one; `null` and `root` only with a list. `named` spells option names
 * (the CLI's `<inputs..>` and `--files-from`).
 */
export function inputListIssues(o: ListShape, named: (key: string) => string): Issue[] {
  const inputs = named('inputs');
  const list = named('filesFrom');
  const issues: Issue[] = [];
  if (o.inputs === undefined && o.filesFrom === undefined) {
    const expected = `files, folders or globs (${inputs}), or a list of files (${list})`;
    issues.push({ path: 'inputs', expected, received: undefined, message: `Expected ${expected}, but received neither` });
  }
  if (o.inputs !== undefined && o.filesFrom !== undefined) {
    const expected = `either ${inputs} or ${list}, not both`;
    const given = Array.isArray(o.inputs) ? (o.inputs as unknown[]).map(describeValue).join(', ') : describeValue(o.inputs);
    const message = `Expected ${expected}, but received ${inputs} ${given} and ${list} ${describeValue(o.filesFrom)}`;
    issues.push({ path: 'filesFrom', expected, received: o.filesFrom, message });
  }
  for (const key of ['null', 'root'] as const) {
    if (o[key] !== undefined && o[key] !== false && o.filesFrom === undefined) {
      issues.push({ path: key, expected: `${named(key)} only together with ${list}`, received: o[key] });
    }
  }
  return issues;
}
