import fs from 'node:fs';
import path from 'node:path';
import { errorMessage, OptionsError, UsageError, type Issue } from '../core/errors';
import { escapeControl, fsPath } from '../core/names';
import type { OptionSpec } from '../core/option-spec';
import { BATCH_OPTION_SPECS } from '../core/option-specs';
import { absolutePaths, type ResolvedOptions } from '../core/options';
import { formatRecipeIssue, recipeFolder, validateRecipe } from '../core/recipe';
import { fromFlags } from './parse';
import { singleValues } from './repeated';

type SpecTable = Readonly<Record<string, OptionSpec>>;
const BATCH_SPECS: SpecTable = BATCH_OPTION_SPECS;

/** The `run` command's flags as yargs hands them over: the recipe file and any overrides. */
export type RunFlags = Readonly<Record<string, unknown>> & { readonly recipe: string };

async function readRecipe(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.promises.readFile(fsPath(file), 'utf8');
  } catch (error: unknown) {
    throw new UsageError('RECIPE_UNREADABLE', `Expected a readable recipe file but cannot read ${escapeControl(file)}: ${escapeControl(errorMessage(error))}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error: unknown) {
    throw new UsageError('RECIPE_NOT_JSON', `Expected JSON in the recipe ${escapeControl(file)}, but it is not: ${escapeControl(errorMessage(error))}`);
  }
}

/** The recipe's settings, without its `inputs` when a --files-from list given as a flag replaces them. */
function withoutInputs(recipe: object, given: Readonly<Record<string, unknown>>): object {
  if (given['filesFrom'] === undefined) return recipe;
  const { inputs: _replaced, ...rest } = recipe as Readonly<Record<string, unknown>>;
  return rest;
}

/**
 * A recipe file and the flags given with it → checked batch options. Flags given override the
 * recipe's shared settings; every problem is listed at once, the recipe's by their JSON path
 * (`outputs[0].ops[0].width: expected a positive integer, received -5`), the flags' by the flag.
 */
export async function recipeOptions(flags: RunFlags, argv: readonly string[], cwd: string): Promise<ResolvedOptions> {
  const file = path.resolve(cwd, flags.recipe);
  const recipe = await readRecipe(file);
  const issues: Issue[] = [];
  const single = singleValues(flags, argv);
  // Paths given as flags are relative to where the user is, not to the recipe.
  const given = absolutePaths(fromFlags(BATCH_SPECS, single.flags, issues, false), cwd);
  // A flag whose text does not convert is left out, so the recipe's own problems are listed too.
  const merged = typeof recipe === 'object' && recipe !== null && !Array.isArray(recipe) ? { ...withoutInputs(recipe, given), ...given } : recipe;
  const checked = validateRecipe(merged, recipeFolder(file));
  const flagIssues = [...single.issues, ...issues];
  if (checked.ok && flagIssues.length === 0) return checked.options;
  if (checked.ok) throw new OptionsError(flagIssues);
  const lines = [
    ...flagIssues.map((issue) => `  ${formatRecipeIssue(issue)}`),
    ...checked.issues.map((issue) => {
      const spec = issue.path in given ? BATCH_SPECS[issue.path] : undefined;
      return `  ${formatRecipeIssue(spec === undefined ? issue : { ...issue, path: `--${spec.flag}`, received: single.flags[issue.path] })}`;
    }),
  ];
  const count = lines.length === 1 ? '1 problem' : `${lines.length} problems`;
  throw new UsageError('INVALID_RECIPE', `Expected a valid recipe in ${escapeControl(file)}, but it has ${count}:\n${lines.join('\n')}`);
}
