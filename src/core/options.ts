import path from 'node:path';
import * as v from 'valibot';
import { toJsonSchema } from '@valibot/to-json-schema';
import { OptionsError, type Issue } from './errors';
import { inputListIssues } from './input-list-specs';
import { OP_KIND_EXPECTED, OP_OPTION_SPECS, OP_SCHEMA } from './op-specs';
import type { Op } from './ops';
import type { OptionSpec } from './option-spec';
import { BATCH_OPTION_SPECS } from './option-specs';

type Specs = typeof BATCH_OPTION_SPECS;
type SpecValue<K extends keyof Specs> = v.InferOutput<Specs[K]['schema']>;
type Defaulted = { [K in keyof Specs]: Specs[K] extends { readonly default: unknown } ? K : never }[keyof Specs];
/** Options with no default that may be left out (`name`, `manifest`, the per-format qualities). */
type Optional = { [K in keyof Specs]: Specs[K] extends { readonly default: unknown } | { readonly required: string } ? never : K }[keyof Specs];

/** One output of each input: its ops, and the format, quality and name when they differ from the batch's. */
export const OUTPUT_SCHEMA = v.strictObject({
  ops: v.pipe(v.array(OP_SCHEMA), v.minLength(1), v.description('The ops, applied in order')),
  format: v.exactOptional(v.pipe(BATCH_OPTION_SPECS.format.schema, v.description(BATCH_OPTION_SPECS.format.help))),
  quality: v.exactOptional(v.pipe(BATCH_OPTION_SPECS.quality.schema, v.description(BATCH_OPTION_SPECS.quality.help))),
  name: v.exactOptional(v.pipe(BATCH_OPTION_SPECS.name.schema, v.description(BATCH_OPTION_SPECS.name.help))),
});
export type OutputOption = v.InferOutput<typeof OUTPUT_SCHEMA>;
const OUTPUT_FIELDS = Object.keys(OUTPUT_SCHEMA.entries);

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
   * Give this or `filesFrom` (a list of files), not both.
   */
  readonly inputs?: readonly string[];
  /** Output folder; created when missing. */
  readonly out: string;
  /** The operation applied to every file, for one output per input (give this or `outputs`). */
  readonly op?: Op;
  /** Several outputs per input, all made from one decode (give this or `op`). */
  readonly outputs?: readonly OutputOption[];
  /**
   * Folder that relative inputs and `out` are resolved against.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /** The JSON Schema a recipe file names for editors; ignored. */
  readonly $schema?: string;
} & { readonly [K in Defaulted]?: SpecValue<K> } & { readonly [K in Optional]?: SpecValue<K> };

/** Options with every default filled in and paths made absolute. */
export type ResolvedOptions = Omit<BatchOptions, Defaulted | 'cwd'> & { readonly [K in Defaulted]: SpecValue<K> } & { readonly cwd: string };

const specEntries = Object.entries(BATCH_OPTION_SPECS) as [keyof Specs, OptionSpec][];

/** Every default, from the declarations (plus the thumbnail size, which the thumbnail op names). */
export const DEFAULTS = Object.fromEntries(specEntries.flatMap(([key, spec]) => ('default' in spec ? [[key, spec.default]] : []))) as {
  readonly [K in Defaulted]: SpecValue<K>;
};

const INPUTS_EXPECTED = 'a non-empty list of paths or globs';
/** `$schema`: what editors read to check and complete a recipe; imgbatch itself ignores it. */
const SCHEMA_KEY_HELP = 'The JSON Schema this file follows, for editors (imgbatch prints it with `imgbatch schema`); ignored when running';

type Shape = {
  [K in keyof Specs]: K extends Defaulted
    ? v.OptionalSchema<Specs[K]['schema'], Specs[K]['default']>
    : K extends Optional
      ? v.ExactOptionalSchema<Specs[K]['schema'], undefined>
      : Specs[K]['schema'];
};

/** The options' schema: each declared option with its description and default. */
export const BATCH_OPTIONS_SCHEMA = v.strictObject({
  inputs: v.exactOptional(
    v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1), v.description('Files, folders and globs (or give filesFrom, a list of files)')),
  ),
  op: v.exactOptional(OP_SCHEMA),
  outputs: v.exactOptional(v.pipe(v.array(OUTPUT_SCHEMA), v.minLength(1), v.description('Several outputs per input, from one decode'))),
  cwd: v.exactOptional(v.string()),
  $schema: v.exactOptional(v.pipe(v.string(), v.description(SCHEMA_KEY_HELP))),
  ...(Object.fromEntries(
    specEntries.map(([key, spec]) => {
      const described = v.pipe(spec.schema, v.description(spec.help));
      return [key, 'default' in spec ? v.optional(described, spec.default) : 'required' in spec ? described : v.exactOptional(described)];
    }),
    // Typed as the declarations: the description pipe does not change what a schema takes or gives.
  ) as unknown as Shape),
});

/** The options as JSON Schema (draft 07), for editors and recipe files. */
export function optionsJsonSchema(): Record<string, unknown> {
  // A template's rules (`nameTemplateProblem`) have no JSON Schema form: its description says them.
  return { ...toJsonSchema(v.omit(BATCH_OPTIONS_SCHEMA, ['cwd']), { ignoreActions: ['check'] }) };
}

export type Validation = { ok: true; options: ResolvedOptions } | { ok: false; issues: readonly Issue[] };

/** How a caller names an option in messages: the library by its key, the CLI by its flag. */
export type OptionNamer = (key: string) => string;

/** The options whose values are paths (`filesFrom`'s `-` is standard input, not a path). */
export const PATH_OPTION_KEYS = ['out', 'manifest', 'report', 'state', 'root', 'filesFrom'] as const;

/** `values` with every path option made absolute against `base`, the folder they were given in. */
export function absolutePaths<T extends Partial<Record<(typeof PATH_OPTION_KEYS)[number], unknown>>>(values: T, base: string): T {
  const out: Record<string, unknown> = { ...values };
  for (const key of PATH_OPTION_KEYS) {
    const value = values[key];
    if (typeof value === 'string' && !(key === 'filesFrom' && value === '-')) out[key] = path.resolve(base, value);
  }
  return out as T;
}

/** Checks every option and reports every issue at once; `named` spells option names in messages. */
export function validateOptions(input: BatchOptions, named: OptionNamer = (key) => key): Validation {
  const checked = v.safeParse(BATCH_OPTIONS_SCHEMA, input);
  if (!checked.success) return { ok: false, issues: issuesOf(checked.issues, input) };
  const parsed = checked.output;
  const shape = [...inputListIssues(parsed, named), ...shapeIssues(parsed, named)];
  if (shape.length > 0) return { ok: false, issues: shape };
  const cwd = path.resolve(parsed.cwd ?? process.cwd());
  const inputs = parsed.inputs === undefined ? {} : { inputs: [...parsed.inputs] };
  // Paths are made absolute here, once.
  return { ok: true, options: { ...absolutePaths({ ...parsed, ...inputs }, cwd), cwd } };
}

/** Like `validateOptions`, but throws an `OptionsError` listing every issue. */
export function resolveOptions(input: BatchOptions): ResolvedOptions {
  const v = validateOptions(input);
  if (!v.ok) throw new OptionsError(v.issues);
  return v.options;
}

/** Rules between options: an op or outputs (one of them), a base URL only for a manifest, no report of a dry run. */
function shapeIssues(
  o: Readonly<
    Partial<Record<'op' | 'outputs' | 'baseUrl' | 'manifest' | 'report' | 'dryRun' | 'state' | 'force' | 'prune' | 'incremental' | 'skipExisting', unknown>>
  >,
  named: OptionNamer,
): Issue[] {
  const issues: Issue[] = [];
  if ((o.op === undefined) === (o.outputs === undefined)) {
    const received = o.op === undefined ? undefined : { op: o.op, outputs: o.outputs };
    issues.push({ path: 'op', expected: 'either op (one output per input) or outputs (several), not both', received });
  }
  if (o.baseUrl !== undefined && o.manifest === undefined) {
    issues.push({ path: 'baseUrl', expected: `${named('baseUrl')} only together with ${named('manifest')}`, received: o.baseUrl });
  }
  if (o.report !== undefined && o.dryRun === true) {
    issues.push({
      path: 'report',
      expected: `${named('report')} only without ${named('dryRun')} (a dry run decodes nothing, so there is nothing to show)`,
      received: o.report,
    });
  }
  for (const key of ['state', 'force', 'prune'] as const) {
    if (o[key] !== undefined && o[key] !== false && o.incremental !== true) {
      issues.push({ path: key, expected: `${named(key)} only together with ${named('incremental')}`, received: o[key] });
    }
  }
  if (o.incremental === true && o.skipExisting === true) {
    const expected = `at most one of ${named('skipExisting')} and ${named('incremental')} (incremental already skips what is up to date, and rebuilds what is stale)`;
    issues.push({ path: 'skipExisting', expected, received: true });
  }
  return issues;
}

const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.keys(BATCH_OPTIONS_SCHEMA.entries));

/** valibot's issues → one `Issue` per option, in the declared words, with the value as given. */
function issuesOf(found: readonly v.BaseIssue<unknown>[], input: unknown): Issue[] {
  const given = (isRecord(input) ? input : {}) as Readonly<Record<string, unknown>>;
  const issues = new Map<string, Issue>();
  for (const problem of found) {
    const keys = (problem.path ?? []).map((item) => String(item.key));
    const [key = ''] = keys;
    const described = KNOWN_KEYS.has(key) ? describeIssue(keys, given) : unknownOption(key, given[key]);
    const issue = problem.type === 'check' && described.why === undefined ? { ...described, why: problem.message } : described;
    if (!issues.has(issue.path)) issues.set(issue.path, issue);
  }
  return [...issues.values()];
}

function unknownOption(key: string, received: unknown): Issue {
  const known = ['inputs', 'op', 'outputs', 'cwd', '$schema', ...Object.keys(BATCH_OPTION_SPECS)];
  return {
    path: key,
    expected: `one of the options ${known.join(', ')}`,
    received,
    message: `Unknown option ${JSON.stringify(key)}; the options are ${known.join(', ')}`,
  };
}

const BATCH_SPECS: Readonly<Record<string, OptionSpec>> = BATCH_OPTION_SPECS;

function describeIssue([key = '', ...rest]: readonly string[], given: Readonly<Record<string, unknown>>): Issue {
  const received = given[key];
  if (key === 'inputs') return { path: key, expected: INPUTS_EXPECTED, received };
  if (key === 'op') return describeOpIssue('op', rest[0], received);
  if (key === 'outputs') return describeOutputIssue(rest, received);
  return { path: key, expected: BATCH_SPECS[key]?.expected ?? 'no such option', received };
}

/** `outputs[1].ops[0].width`: the place, what it expects and what arrived. */
function describeOutputIssue([index, field, opIndex, opField]: readonly (string | undefined)[], outputs: unknown): Issue {
  const list = Array.isArray(outputs) ? (outputs as unknown[]) : undefined;
  const output: unknown = index === undefined ? undefined : list?.[Number(index)];
  if (index === undefined || !isRecord(output)) {
    return {
      path: index === undefined ? 'outputs' : `outputs[${index}]`,
      expected: 'a non-empty list of output objects',
      received: index === undefined ? outputs : output,
    };
  }
  const at = `outputs[${index}]`;
  if (field === 'ops') {
    const ops = output['ops'];
    const op: unknown = Array.isArray(ops) && opIndex !== undefined ? (ops as unknown[])[Number(opIndex)] : undefined;
    if (opIndex === undefined) return { path: `${at}.ops`, expected: 'a non-empty list of ops', received: ops };
    return describeOpIssue(`${at}.ops[${opIndex}]`, opField, op);
  }
  if (field === undefined || !OUTPUT_FIELDS.includes(field)) {
    return { path: `${at}.${field ?? ''}`, expected: `one of the fields ${OUTPUT_FIELDS.join(', ')}`, received: field === undefined ? output : output[field] };
  }
  return { path: `${at}.${field}`, expected: BATCH_SPECS[field]?.expected ?? 'no such field', received: output[field] };
}

function describeOpIssue(at: string, field: string | undefined, op: unknown): Issue {
  if (!isRecord(op) || !('op' in op)) return { path: at, expected: 'an op object with an op field', received: op };
  if (field === undefined || field === 'op') return { path: `${at}.op`, expected: OP_KIND_EXPECTED, received: op['op'] };
  const specs: Readonly<Record<string, OptionSpec>> = OP_OPTION_SPECS[op['op'] as Op['op']];
  const fields = ['op', ...Object.keys(specs)].join(', ');
  return {
    path: `${at}.${field}`,
    expected: specs[field]?.expected ?? `one of the fields ${fields} (a ${String(op['op'])} op takes no ${field})`,
    received: op[field],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
