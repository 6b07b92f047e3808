import * as v from 'valibot';
import { describeValue, OptionsError, type Issue } from '../core/errors';
import type { OpKind } from '../core/ops';
import type { OptionSpec } from '../core/option-spec';
import { BATCH_OPTION_SPECS } from '../core/option-specs';
import { FORMATS_LIST_SPECS, LIST_OF } from '../core/list-specs';
import { validateOptions, type BatchOptions, type ResolvedOptions } from '../core/options';
import { singleValues } from './repeated';
import type { SharedFlags } from './shared-flags';

type SpecTable = Readonly<Record<string, OptionSpec>>;

/** A command's op: its kind, the declarations of the op's own flags (`--width`, `--size`) and of their list forms (`--widths`). */
export interface OpFlags {
  readonly kind: OpKind;
  readonly specs: SpecTable;
  readonly lists?: SpecTable;
}

/** Picks a command's op from its flags (one value each), pushing an issue when it cannot. */
export type MakeOp<F extends SharedFlags> = (issues: Issue[], flags: F) => OpFlags | undefined;

/** What a command handler calls: its flags and how to pick its op. */
export type CommandRunner = <F extends SharedFlags>(flags: F, makeOp: MakeOp<F>) => Promise<void>;

const BATCH_SPECS: SpecTable = BATCH_OPTION_SPECS;

/** How messages name the positional inputs. */
const INPUTS = '<inputs..>';

/**
 * The values of `specs` from the flags: switches as yargs gave them, text through each option's
 * `TextForm` (conversion only; the schema checks the range once, in `validateOptions`). Text that
 * does not convert is an issue naming the flag as typed; flags not given are left out, or given
 * their default when `withDefaults` (an op's options: the library's op names them all).
 */
export function fromFlags(specs: SpecTable, flags: Readonly<Record<string, unknown>>, issues: Issue[], withDefaults: boolean): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const raw = flags[key];
    if (raw === undefined) {
      if (withDefaults && 'default' in spec) values[key] = spec.default;
    } else if (spec.text === undefined) {
      values[key] = raw;
    } else {
      const converted = v.safeParse(spec.text.parse, raw);
      if (converted.success) values[key] = converted.output;
      else issues.push({ path: `--${spec.flag}`, expected: spec.text.expected ?? spec.expected, received: raw });
    }
  }
  return values;
}

/**
 * The list flags given (`--widths`, `--formats`), each checked by its declaration; a list given
 * with its single flag (`--widths` with `--width`) is an issue.
 */
function listValues(specs: SpecTable, flags: Readonly<Record<string, unknown>>, issues: Issue[]): Readonly<Record<string, readonly unknown[]>> {
  const values = fromFlags(specs, flags, issues, false);
  const lists: Record<string, readonly unknown[]> = {};
  for (const [key, value] of Object.entries(values)) {
    const spec = specs[key];
    if (spec === undefined) continue;
    const checked = v.safeParse(spec.schema, value);
    const single = LIST_OF[key as keyof typeof LIST_OF];
    if (!checked.success) {
      const why = checked.issues.find((i) => i.type === 'check')?.message;
      issues.push({ path: `--${spec.flag}`, expected: spec.expected, received: flags[key], ...(why === undefined ? {} : { why }) });
    } else if (flags[single] !== undefined) {
      issues.push({
        path: `--${single}`,
        expected: `either --${single} or --${spec.flag}, not both`,
        received: flags[single],
        message: `Expected either --${single} or --${spec.flag}, not both, but received --${single} ${describeValue(flags[single])} and --${spec.flag} ${describeValue(flags[key])}`,
      });
    } else {
      lists[key] = checked.output as readonly unknown[];
    }
  }
  return lists;
}

/**
 * The op and format, or, when the lists ask for more than one output per input, the library's
 * `outputs`: one per value of the op's list (`--widths`) and per format (`--formats`).
 */
function outputsOf(op: Readonly<Record<string, unknown>>, lists: Readonly<Record<string, readonly unknown[]>>, format: unknown): Record<string, unknown> {
  const { formats, ...own } = lists;
  const [listKey, values] = Object.entries(own)[0] ?? [];
  const field = listKey === undefined ? undefined : LIST_OF[listKey as keyof typeof LIST_OF];
  const ops = values === undefined || field === undefined ? [op] : values.map((value) => ({ ...op, [field]: value }));
  const chosen = formats ?? [format];
  if (ops.length * chosen.length === 1) return { op: ops[0], ...(chosen[0] === undefined ? {} : { format: chosen[0] }) };
  const outputs = ops.flatMap((one) => chosen.map((f) => ({ ops: [one], ...(f === undefined ? {} : { format: f }) })));
  return { outputs, ...(format === undefined ? {} : { format }) };
}

/** A library issue in the user's terms: the flag as typed, the value as typed. */
function asFlagIssue(issue: Issue, op: SpecTable, flags: Readonly<Record<string, unknown>>): Issue {
  if (issue.path === 'inputs') return { ...issue, path: INPUTS };
  const [table, key] = issue.path.startsWith('op.') ? [op, issue.path.slice(3)] : [BATCH_SPECS, issue.path];
  const spec = table[key];
  if (spec === undefined) return issue;
  const received = flags[key] ?? issue.received;
  const why = issue.why === undefined ? {} : { why: issue.why };
  // A sentence of its own (`Expected either <inputs..> or --files-from, not both, …`) was made with the flags' names already.
  const message = issue.message === undefined ? {} : { message: issue.message };
  return { path: `--${spec.flag}`, expected: spec.text?.expected ?? issue.expected, received, ...why, ...message };
}

/**
 * Flags → checked library options. Every issue is listed at once, with the flag names the user
 * typed, in one `OptionsError`; the options are validated once, by the library's own schema.
 */
export function toBatchOptions<F extends SharedFlags>(given: F, makeOp: MakeOp<F>, argv: readonly string[], cwd: string): ResolvedOptions {
  const issues: Issue[] = [];
  const single = singleValues(given, argv);
  const flags = single.flags as Readonly<Record<string, unknown>>;
  const op = makeOp(issues, single.flags);
  const opSpecs = op?.specs ?? {};
  // A bad op already left an issue; any valid op lets the remaining flags be checked too.
  const opValues = op === undefined ? { op: 'grayscale' } : { op: op.kind, ...fromFlags(opSpecs, flags, issues, true) };
  const lists = listValues({ ...FORMATS_LIST_SPECS, ...(op?.lists ?? {}) }, flags, issues);
  const batch = fromFlags(BATCH_SPECS, flags, issues, false);
  // `[inputs..]` is optional for yargs (a --files-from list replaces it): none given is no inputs.
  const inputs = single.flags.inputs.length === 0 ? {} : { inputs: single.flags.inputs };
  const options = { ...batch, ...inputs, cwd, ...outputsOf(opValues, lists, batch['format']) } as BatchOptions;
  const checked = validateOptions(options, (key) => {
    const spec = BATCH_SPECS[key];
    return key === 'inputs' ? INPUTS : spec === undefined ? key : `--${spec.flag}`;
  });
  if (!checked.ok) issues.push(...checked.issues.map((issue) => asFlagIssue(issue, opSpecs, flags)));
  const all = [...single.issues, ...issues.filter((i) => !single.repeated.has(i.path))];
  if (all.length > 0 || !checked.ok) throw new OptionsError(all);
  return checked.options;
}
