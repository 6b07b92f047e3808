import type { Issue } from '../core/errors';

/** A flag's own name as yargs keys it: lower case with dashes (not an alias, not the camelCase copy). */
const LONG_NAME = /^[a-z][a-z0-9-]+$/;

export interface SingleValues<F> {
  /** The flags with one value each (the last one given), so the other flags can still be checked. */
  readonly flags: F;
  /** One issue per flag given more than once. */
  readonly issues: readonly Issue[];
  /** Those flags as `--name`, so issues about their (now single) values are not reported too. */
  readonly repeated: ReadonlySet<string>;
}

/** How the user typed the flag: `--quality`, `-q`, or both (`-q/--quality`). */
function spelling(key: string, flags: Readonly<Record<string, unknown>>, argv: readonly string[]): string {
  const same = JSON.stringify(flags[key]);
  const aliases = Object.keys(flags).filter((k) => k.length === 1 && JSON.stringify(flags[k]) === same);
  const end = argv.indexOf('--');
  const typed = end < 0 ? argv : argv.slice(0, end);
  const used = [...aliases.map((a) => `-${a}`), `--${key}`].filter((name) =>
    typed.some((t) => t === name || t.startsWith(`${name}=`) || (name.length === 2 && !t.startsWith('--') && t.startsWith(name))),
  );
  return (used.length === 0 ? [`--${key}`] : used).join('/');
}

/**
 * yargs turns a flag given more than once into an array (`--width 5 --width 7` → `["5","7"]`).
 * Every flag but `<inputs..>` takes one value, so each such array is an issue that names the flag
 * and its values as typed: `--width was given 2 times ("5", "7"); give it once`.
 */
export function singleValues<F extends object>(flags: F, argv: readonly string[]): SingleValues<F> {
  const record = flags as Readonly<Record<string, unknown>>;
  const fixed: Record<string, unknown> = { ...record };
  const issues: Issue[] = [];
  const repeated = new Set<string>();
  for (const [key, value] of Object.entries(record)) {
    if (!Array.isArray(value) || key === '_' || key === 'inputs') continue;
    const values: unknown[] = value;
    fixed[key] = values[values.length - 1];
    if (!LONG_NAME.test(key)) continue;
    const shown = values.map((v) => JSON.stringify(String(v))).join(', ');
    repeated.add(`--${key}`);
    issues.push({
      path: `--${key}`,
      expected: 'one value',
      received: values,
      message: `${spelling(key, record, argv)} was given ${values.length} times (${shown}); give it once`,
    });
  }
  return { flags: fixed as F, issues, repeated };
}
