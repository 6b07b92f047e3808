import path from 'node:path';
import * as v from 'valibot';
import { toJsonSchema } from '@valibot/to-json-schema';
import { describeValue, type Issue } from './errors';
import { BATCH_OPTIONS_SCHEMA, validateOptions, type BatchOptions, type OutputOption, type Validation } from './options';

/**
 * A recipe: a whole image build as one JSON object, for a file checked into a repository. It is
 * the library's batch options (`BatchOptions`) with `outputs` required, and no `op` (a recipe
 * lists its outputs) or `cwd` (its paths are relative to the folder it was read from). Pure: the
 * CLI reads the file; this checks the object and describes it as JSON Schema.
 */
const { op: _op, cwd: _cwd, outputs, ...shared } = BATCH_OPTIONS_SCHEMA.entries;
export const RECIPE_SCHEMA = v.strictObject({ ...shared, outputs: outputs.wrapped });

/** A recipe: batch options with their outputs, as `imgbatch run` reads them and `runBatch` takes them. */
export type Recipe = Omit<BatchOptions, 'op' | 'cwd' | 'outputs'> & { readonly outputs: readonly OutputOption[] };

/** Where imgbatch publishes the recipe schema, for `$schema` (the file ships in the package). */
export const RECIPE_SCHEMA_FILE = 'recipe.schema.json';

/**
 * The recipe's JSON Schema (draft 07), made from the one options schema. Defaults that depend on
 * the machine (`concurrency`: the number of cores) are left out: a checked-in file must not carry them.
 */
export function recipeJsonSchema(): Record<string, unknown> {
  // A template's rules (`nameTemplateProblem`) have no JSON Schema form: its description says them.
  const schema = toJsonSchema(RECIPE_SCHEMA, { ignoreActions: ['check'] }) as Record<string, unknown> & {
    properties: Record<string, Record<string, unknown>>;
  };
  const { default: _machine, ...concurrency } = schema.properties['concurrency'] ?? {};
  return {
    $schema: schema['$schema'],
    $id: `https://unpkg.com/imgbatch/${RECIPE_SCHEMA_FILE}`,
    title: 'imgbatch recipe',
    description: 'A whole image build for `imgbatch run <recipe.json>`: inputs, out, shared settings and outputs. Paths are relative to the recipe file.',
    ...schema,
    properties: { ...schema.properties, concurrency: { ...concurrency, description: `${String(concurrency['description'])} Default: the number of cores.` } },
    // Inputs come as `inputs` or as a list (`filesFrom`): one of them, never both.
    oneOf: [{ required: ['inputs'] }, { required: ['filesFrom'] }],
  };
}

const RECIPE_KEYS_EXPECTED = `one of the keys ${Object.keys(RECIPE_SCHEMA.entries).join(', ')}`;

/** Keys batch options have that a recipe does not, and why. */
const NOT_IN_RECIPES: Readonly<Record<string, string>> = {
  op: 'a recipe lists its outputs (outputs: [{ "ops": [...] }])',
  cwd: 'paths in a recipe are relative to the folder the recipe is in',
};

/**
 * Checks a recipe (read from a file in `folder`) and resolves it to batch options, listing every
 * problem at once, each with its JSON path (`outputs[0].ops[0].width`).
 */
export function validateRecipe(recipe: unknown, folder: string): Validation {
  if (typeof recipe !== 'object' || recipe === null || Array.isArray(recipe)) {
    return { ok: false, issues: [{ path: '(the recipe)', expected: 'a JSON object', received: recipe }] };
  }
  const record = recipe as Readonly<Record<string, unknown>>;
  const foreign = Object.keys(NOT_IN_RECIPES).filter((key) => key in record);
  const issues: Issue[] = foreign.map((key) => ({ path: key, expected: `no ${key} (${NOT_IN_RECIPES[key] ?? ''})`, received: record[key] }));
  if (!('outputs' in record)) issues.push({ path: 'outputs', expected: 'a non-empty list of outputs', received: undefined });
  const checked = validateOptions({ ...(record as unknown as BatchOptions), cwd: folder });
  const found = checked.ok ? [] : checked.issues.filter((i) => !foreign.includes(i.path) && !(i.path === 'op' && issues.length > 0));
  const all = [...issues, ...found.map((i) => (i.message?.startsWith('Unknown option') === true ? { ...i, expected: RECIPE_KEYS_EXPECTED } : i))];
  return all.length > 0 ? { ok: false, issues: all } : checked;
}

/** One problem of a recipe, as its message line: `outputs[0].ops[0].width: expected a positive integer, received -5`. */
export function formatRecipeIssue(issue: Issue): string {
  const why = issue.why === undefined ? '' : ` (${issue.why})`;
  return `${issue.path}: expected ${issue.expected}, received ${describeValue(issue.received)}${why}`;
}

/** The folder a recipe file's relative paths are resolved against. */
export const recipeFolder = (file: string): string => path.dirname(path.resolve(file));
