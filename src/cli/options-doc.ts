import { BUILD_REASONS } from '../core/build';
import { defaultShown, flagSpelling, type OptionSpec } from '../core/option-spec';
import { BATCH_OPTION_SPECS } from '../core/option-specs';
import { RESIZE_OPTION_SPECS, THUMBNAIL_OPTION_SPECS } from '../core/op-specs';
import { FORMATS_LIST_SPECS, RESIZE_LIST_SPECS, THUMBNAIL_LIST_SPECS } from '../core/list-specs';
import { optionsJsonSchema } from '../core/options';
import { NAME_TOKENS } from '../core/name-template';
import { REPORT_OPTION_SPECS } from './report-options';
import { MERGE_OPTION_SPECS } from './merge-options';
import { BENCH_OPTION_SPECS } from './bench-options';

type SpecTable = Readonly<Record<string, OptionSpec>>;

/** yargs' own flags, listed after the shared options. */
const BUILT_IN_ROWS = ['| `-h, --help` | | Show help (`imgbatch <command> --help` for one command). |', '| `-V, --version` | | Show the version. |'];

/**
 * The README's options tables, each between `<!-- options:NAME -->` and `<!-- /options:NAME -->`,
 * made from the declarations: `npm run docs` writes them, and a test fails when they differ.
 */
export const README_OPTION_TABLES: Readonly<Record<string, { readonly tables: readonly SpecTable[]; readonly extra: readonly string[] }>> = {
  shared: { tables: [BATCH_OPTION_SPECS, FORMATS_LIST_SPECS, REPORT_OPTION_SPECS], extra: BUILT_IN_ROWS },
  resize: { tables: [RESIZE_OPTION_SPECS, RESIZE_LIST_SPECS], extra: [] },
  thumbnail: { tables: [THUMBNAIL_OPTION_SPECS, THUMBNAIL_LIST_SPECS], extra: [] },
  merge: { tables: [MERGE_OPTION_SPECS], extra: [] },
  bench: { tables: [BENCH_OPTION_SPECS], extra: [] },
};

/** Plain help text as Markdown: characters Markdown would read as markup are escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\|<>*_[\]`]/g, (c) => `\\${c}`);
}

/** `-o, --out <dir>` in code, with `|` escaped for the table. */
function flagCell(spec: OptionSpec): string {
  const usage = spec.value === undefined ? flagSpelling(spec) : `${flagSpelling(spec)} ${spec.value}`;
  return `\`${usage.replace(/\|/g, '\\|')}\``;
}

function defaultCell(spec: OptionSpec): string {
  if (spec.required !== undefined) return 'required';
  if (typeof spec.default === 'boolean') return spec.default ? 'on' : 'off';
  const shown = defaultShown(spec);
  return shown === undefined ? '—' : `\`${shown}\``;
}

/** One table row per option: flag, default, and the help text followed by the README's details. */
export function optionRow(spec: OptionSpec): string {
  const meaning = spec.details === undefined ? escapeMarkdown(spec.help) : `${escapeMarkdown(spec.help)} ${spec.details}`;
  return `| ${flagCell(spec)} | ${defaultCell(spec)} | ${meaning} |`;
}

/** A whole Markdown table of options. */
export function optionsTable(tables: readonly SpecTable[], extra: readonly string[] = []): string {
  const rows = tables.flatMap((table) => Object.values(table).map(optionRow));
  return ['| Flag | Default | Meaning |', '| --- | --- | --- |', ...rows, ...extra].join('\n');
}

interface JsonType {
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonType[];
  readonly minimum?: number;
  readonly maximum?: number;
}

const literal = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : String(value));

/** A JSON Schema type in TypeScript-like words: `integer 1–100`, `'keep' \| 'jpeg'`, `'auto' \| boolean`. */
export function typeInWords(schema: JsonType): string {
  if (schema.anyOf !== undefined) return schema.anyOf.map(typeInWords).join(' | ');
  if (schema.enum !== undefined) return schema.enum.map(literal).join(' | ');
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.type !== 'integer') return schema.type ?? 'unknown';
  const min = schema.minimum ?? Number.MIN_SAFE_INTEGER;
  return schema.maximum === undefined || schema.maximum === Number.MAX_SAFE_INTEGER ? `integer ≥ ${min}` : `integer ${min}–${schema.maximum}`;
}

const code = (text: string): string => `\`${text.replace(/\|/g, '\\|')}\``;

/** The library's options table: name, type (from the published JSON Schema), default and the flag. */
export function libraryTable(): string {
  const properties = (optionsJsonSchema() as { properties: Readonly<Record<string, JsonType>> }).properties;
  const specs: SpecTable = BATCH_OPTION_SPECS;
  const rows = Object.entries(specs).map(([key, spec]) => {
    // A default that depends on the machine is shown by how it is found (`os.availableParallelism()`).
    const value = typeof spec.default === 'number' && spec.defaultText !== undefined ? spec.defaultText : literal(spec.default);
    const fallback = spec.required !== undefined ? 'required' : spec.default === undefined ? 'none' : code(value);
    return `| ${code(key)} | ${code(typeInWords(properties[key] ?? {}))} | ${fallback} | ${code(flagSpelling(spec))} |`;
  });
  return [
    '| Option | Type | Default | Flag |',
    '| --- | --- | --- | --- |',
    '| `inputs` | `string[]`, at least one | `inputs` or `filesFrom` is required | `<inputs..>` |',
    "| `op` | `{ op: 'resize', width?, height? }`, `{ op: 'grayscale' }`, `{ op: 'sepia' }` or `{ op: 'thumbnail', size }` | `op` or `outputs` is required | the command |",
    '| `outputs` | `{ ops: Op[], format?, quality?, name? }[]`, at least one | `op` or `outputs` is required | `--widths`, `--sizes`, `--formats` |',
    ...rows,
    '| `cwd` | `string` | `process.cwd()` | none: the CLI uses its working folder |',
  ].join('\n');
}

/** The values of a record's `build` field (`--incremental`) and what each means. */
export function buildReasonsTable(): string {
  const rows = Object.entries(BUILD_REASONS).map(([reason, meaning]) => `| \`${reason}\` | ${meaning} |`);
  return ['| `build` | the input is built because |', '| --- | --- |', ...rows].join('\n');
}

/** The `--name` tokens and what each stands for. */
export function tokensTable(): string {
  const rows = Object.entries(NAME_TOKENS).map(([token, meaning]) => `| \`{${token}}\` | ${escapeMarkdown(meaning)} |`);
  return ['| Token | Stands for |', '| --- | --- |', ...rows].join('\n');
}

/** The README with every options table rewritten from the declarations; throws when a marker is missing. */
export function readmeWithOptionTables(readme: string): string {
  let text = readme;
  const tables: [string, string][] = [
    ...Object.entries(README_OPTION_TABLES).map(([name, t]): [string, string] => [name, optionsTable(t.tables, t.extra)]),
    ['library', libraryTable()],
    ['tokens', tokensTable()],
    ['build-reasons', buildReasonsTable()],
  ];
  for (const [name, table] of tables) {
    const open = `<!-- options:${name} -->`;
    const close = `<!-- /options:${name} -->`;
    const start = text.indexOf(open);
    const end = text.indexOf(close);
    if (start < 0 || end < start) throw new Error(`README.md: expected ${open} … ${close} around the ${name} options table`);
    text = `${text.slice(0, start + open.length)}\n${table}\n${text.slice(end)}`;
  }
  return text;
}
