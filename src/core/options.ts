import path from 'node:path';
import * as v from 'valibot';
import { toJsonSchema } from '@valibot/to-json-schema';
import { OptionsError, type Issue } from './errors';
import { OP_KIND_EXPECTED, OP_OPTION_SPECS, OP_SCHEMA } from './op-specs';
import type { Op } from './ops';
import type { OptionSpec } from './option-spec';
import { BATCH_OPTION_SPECS } from './option-specs';

type Specs = typeof BATCH_OPTION_SPECS;
type SpecValue<K extends keyof Specs> = v.InferOutput<Specs[K]['schema']>;
type Defaulted = { [K in keyof Specs]: Specs[K] extends { readonly default: unknown } ? K : never }[keyof Specs];

/** JPEG Huffman tables: `true` optimised, `false` standard, `'auto'` by the op's output size. */
export type OptimizeCoding = SpecValue<'optimizeCoding'>;

/**
 * Options of one batch, as the library takes them: `inputs`, `out`, `op`, and any of the options
 * declared in `BATCH_OPTION_SPECS` (their meaning, range and default are there, and in the README's
 * options table, which is made from them).
 */
export type BatchOptions = {
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
   * Folder that relative inputs and `out` are resolved against.
   * @default process.cwd()
   */
  readonly cwd?: string;
} & { readonly [K in Defaulted]?: SpecValue<K> };

/** Options with every default filled in and paths made absolute. */
export type ResolvedOptions = Omit<BatchOptions, Defaulted | 'cwd'> & { readonly [K in Defaulted]: SpecValue<K> } & { readonly cwd: string };

const specEntries = Object.entries(BATCH_OPTION_SPECS) as [keyof Specs, OptionSpec][];

/** Every default, from the declarations (plus the thumbnail size, which the thumbnail op names). */
export const DEFAULTS = Object.fromEntries(specEntries.flatMap(([key, spec]) => ('default' in spec ? [[key, spec.default]] : []))) as {
  readonly [K in Defaulted]: SpecValue<K>;
};

const INPUTS_EXPECTED = 'a non-empty list of paths or globs';

type Shape = { [K in keyof Specs]: K extends Defaulted ? v.OptionalSchema<Specs[K]['schema'], Specs[K]['default']> : Specs[K]['schema'] };

/** The options' schema: each declared option with its description and default. */
export const BATCH_OPTIONS_SCHEMA = v.strictObject({
  inputs: v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1), v.description('Files, folders and globs')),
  op: OP_SCHEMA,
  cwd: v.exactOptional(v.string()),
  ...(Object.fromEntries(
    specEntries.map(([key, spec]) => {
      const described = v.pipe(spec.schema, v.description(spec.help));
      return [key, 'default' in spec ? v.optional(described, spec.default) : described];
    }),
    // Typed as the declarations: the description pipe does not change what a schema takes or gives.
  ) as unknown as Shape),
});

/** The options as JSON Schema (draft 07), for editors and recipe files. */
export function optionsJsonSchema(): Record<string, unknown> {
  return { ...toJsonSchema(v.omit(BATCH_OPTIONS_SCHEMA, ['cwd'])) };
}

export type Validation = { ok: true; options: ResolvedOptions } | { ok: false; issues: readonly Issue[] };

/** Checks every option and reports every issue at once. */
export function validateOptions(input: BatchOptions): Validation {
  const checked = v.safeParse(BATCH_OPTIONS_SCHEMA, input);
  if (!checked.success) return { ok: false, issues: issuesOf(checked.issues, input) };
  const parsed = checked.output;
  const cwd = path.resolve(parsed.cwd ?? process.cwd());
  return { ok: true, options: { ...parsed, inputs: [...parsed.inputs], out: path.resolve(cwd, parsed.out), cwd } };
}

/** Like `validateOptions`, but throws an `OptionsError` listing every issue. */
export function resolveOptions(input: BatchOptions): ResolvedOptions {
  const v = validateOptions(input);
  if (!v.ok) throw new OptionsError(v.issues);
  return v.options;
}

const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.keys(BATCH_OPTIONS_SCHEMA.entries));

/** valibot's issues → one `Issue` per option, in the declared words, with the value as given. */
function issuesOf(found: readonly v.BaseIssue<unknown>[], input: unknown): Issue[] {
  const given = (isRecord(input) ? input : {}) as Readonly<Record<string, unknown>>;
  const issues = new Map<string, Issue>();
  for (const problem of found) {
    const keys = (problem.path ?? []).map((item) => String(item.key));
    const [key = ''] = keys;
    const issue = KNOWN_KEYS.has(key) ? describeIssue(keys, given) : unknownOption(key, given[key]);
    if (!issues.has(issue.path)) issues.set(issue.path, issue);
  }
  return [...issues.values()];
}

function unknownOption(key: string, received: unknown): Issue {
  const known = ['inputs', 'op', 'cwd', ...Object.keys(BATCH_OPTION_SPECS)];
  return {
    path: key,
    expected: `one of the options ${known.join(', ')}`,
    received,
    message: `Unknown option ${JSON.stringify(key)}; the options are ${known.join(', ')}`,
  };
}

function describeIssue([key = '', sub]: readonly string[], given: Readonly<Record<string, unknown>>): Issue {
  const received = given[key];
  if (key === 'inputs') return { path: key, expected: INPUTS_EXPECTED, received };
  if (key === 'op') return describeOpIssue(sub, received);
  const spec = (BATCH_OPTION_SPECS as Readonly<Record<string, OptionSpec>>)[key];
  return { path: key, expected: spec?.expected ?? 'no such option', received };
}

function describeOpIssue(field: string | undefined, op: unknown): Issue {
  if (!isRecord(op) || !('kind' in op)) return { path: 'op', expected: 'an op object with a kind', received: op };
  if (field === undefined || field === 'kind') return { path: 'op.kind', expected: OP_KIND_EXPECTED, received: op['kind'] };
  const specs: Readonly<Record<string, OptionSpec>> = OP_OPTION_SPECS[op['kind'] as Op['kind']];
  return { path: `op.${field}`, expected: specs[field]?.expected ?? 'no such field', received: op[field] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
