/**
 * One declaration per option: the README's tables, `--help`, the library's schema and its JSON
 * Schema must all say what the declaration says, option by option.
 */
import fs from 'node:fs';
import * as v from 'valibot';
import path from 'node:path';
import { optionRow, readmeWithOptionTables } from '../../src/cli/options-doc';
import { REPORT_OPTION_SPECS } from '../../src/cli/report-options';
import { MERGE_OPTION_SPECS } from '../../src/cli/merge-options';
import { BENCH_OPTION_SPECS } from '../../src/cli/bench-options';
import { RESIZE_OPTION_SPECS, THUMBNAIL_OPTION_SPECS } from '../../src/core/op-specs';
import { FORMATS_LIST_SPECS, RESIZE_LIST_SPECS, THUMBNAIL_LIST_SPECS } from '../../src/core/list-specs';
import { defaultShown, type OptionSpec } from '../../src/core/option-spec';
import { BATCH_OPTION_SPECS } from '../../src/core/option-specs';
import { BATCH_OPTIONS_SCHEMA, DEFAULTS, optionsJsonSchema } from '../../src/core/options';
import { repoRoot } from '../helpers/fixtures';
import { runCliInProcess } from '../helpers/run-cli';

type SpecTable = Readonly<Record<string, OptionSpec>>;

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const shared: SpecTable = { ...BATCH_OPTION_SPECS, ...FORMATS_LIST_SPECS, ...REPORT_OPTION_SPECS };
const resize: SpecTable = { ...RESIZE_OPTION_SPECS, ...RESIZE_LIST_SPECS };
const thumbnail: SpecTable = { ...THUMBNAIL_OPTION_SPECS, ...THUMBNAIL_LIST_SPECS };
/** Each command, the shared options it takes (merge takes none: it runs no batch) and its own. */
const commands: readonly { command: readonly string[]; shared: SpecTable; own: SpecTable }[] = [
  { command: ['resize'], shared, own: resize },
  { command: ['filter', 'grayscale'], shared, own: {} },
  { command: ['thumbnail'], shared, own: thumbnail },
  { command: ['merge'], shared: {}, own: MERGE_OPTION_SPECS },
  { command: ['bench'], shared: {}, own: BENCH_OPTION_SPECS },
];
const entries = (table: SpecTable): { key: string; spec: OptionSpec }[] => Object.entries(table).map(([key, spec]) => ({ key, spec }));
/** The batch options (a library option each, or an op's). */
const everySpec: readonly { key: string; spec: OptionSpec }[] = entries({ ...shared, ...resize, ...thumbnail });
/** Every declared flag: the batch options, merge's and bench's. */
const everyFlag: readonly { key: string; spec: OptionSpec }[] = [...everySpec, ...entries(MERGE_OPTION_SPECS), ...entries(BENCH_OPTION_SPECS)];

/** `--help` text with yargs' wrapping undone: every run of whitespace is one space. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');
const helpOf = new Map<string, string>();
beforeAll(async () => {
  for (const { command } of commands) helpOf.set(command[0] ?? '', flat((await runCliInProcess([...command, '--help'])).stdout));
});

describe('README options tables', () => {
  test('are exactly what the declarations make (run `npm run docs` after changing an option)', () => {
    expect(readmeWithOptionTables(readme)).toBe(readme);
  });

  test.each(everyFlag)('--$spec.flag: its README row is made from its declaration', ({ spec }) => {
    expect(readme.split('\n')).toContain(optionRow(spec));
  });
});

describe('--help of every command', () => {
  test.each(everyFlag)('--$spec.flag: flag, alias, help text, type and default as declared', ({ spec }) => {
    const takers = commands.filter(({ shared: taken, own }) => Object.values(taken).includes(spec) || Object.values(own).includes(spec));
    expect(takers.length).toBeGreaterThan(0);
    for (const { command } of takers) {
      const help = helpOf.get(command[0] ?? '') ?? '';
      const name = spec.alias === undefined ? `--${spec.flag} ` : `-${spec.alias}, --${spec.flag} `;
      // In its group's list (the usage lines above it name --files-from too).
      const at = help.indexOf(name, help.indexOf(`${spec.group}:`));
      expect(at).toBeGreaterThanOrEqual(0);
      const entry = help.slice(at + name.length);
      expect(entry.startsWith(flat(spec.help))).toBe(true);
      const tags = entry.slice(flat(spec.help).length).trimStart();
      if (spec.text === undefined) expect(tags.startsWith(`[boolean] [default: ${String(spec.default)}]`)).toBe(true);
      else if (spec.required !== undefined) expect(tags.startsWith('[string] [required]')).toBe(true);
      else if (defaultShown(spec) === undefined) expect(tags.startsWith('[string]')).toBe(true);
      else expect(tags.startsWith(`[string] [default: ${defaultShown(spec) ?? ''}]`)).toBe(true);
    }
  });

  test.each(commands)('$command.0 --help lists no flag that is not declared', ({ command, shared: taken, own }) => {
    const help = helpOf.get(command[0] ?? '') ?? '';
    const listed = new Set([...help.matchAll(/ --([a-z][a-z-]+) /g)].map((m) => m[1]));
    const declared = new Set(['help', 'version', ...Object.values({ ...taken, ...own }).map((s) => s.flag)]);
    // bench's examples name the flags of the commands it measures, which it passes on.
    const passedOn = new Set(command[0] === 'bench' ? everySpec.map(({ spec }) => spec.flag) : []);
    // Flags named inside help texts (`--no-isolate runs them…`, `e.g. --suffix _small`) are declared ones too.
    for (const flag of listed) expect(declared.has(flag?.replace(/^no-/, '') ?? '') || passedOn.has(flag ?? '')).toBe(true);
    for (const flag of declared) expect(listed.has(flag)).toBe(true);
  });
});

describe('the library schema', () => {
  // Without a default an option is required, an op field (`--width`), a list form of an option
  // (`--widths`), or a library option that may be left out.
  test.each(everySpec)('--$spec.flag: its default passes its own schema', ({ key, spec }) => {
    if ('default' in spec) expect(v.safeParse(spec.schema, spec.default).success).toBe(true);
    else if (spec.required !== undefined) expect(v.safeParse(spec.schema, undefined).success).toBe(false);
    else if (key in BATCH_OPTIONS_SCHEMA.entries) expect(BATCH_OPTIONS_SCHEMA.entries[key as 'name'].type).toBe('exact_optional');
    else expect(key in RESIZE_OPTION_SPECS || key in { ...FORMATS_LIST_SPECS, ...RESIZE_LIST_SPECS, ...THUMBNAIL_LIST_SPECS }).toBe(true);
  });

  test('takes exactly the declared batch options, plus inputs, op, outputs, cwd and $schema', () => {
    expect(Object.keys(BATCH_OPTIONS_SCHEMA.entries).sort()).toEqual(['$schema', 'cwd', 'inputs', 'op', 'outputs', ...Object.keys(BATCH_OPTION_SPECS)].sort());
  });

  test('DEFAULTS are the declared defaults', () => {
    const declared = Object.fromEntries(Object.entries(BATCH_OPTION_SPECS).flatMap(([key, spec]) => ('default' in spec ? [[key, spec.default]] : [])));
    expect(DEFAULTS).toEqual(declared);
  });

  test('its JSON Schema describes every option with its help, default and range', () => {
    const schema = optionsJsonSchema() as { properties: Record<string, { description?: string; default?: unknown; minimum?: number; maximum?: number }> };
    for (const [key, spec] of Object.entries(BATCH_OPTION_SPECS)) {
      const property = schema.properties[key];
      expect(property?.description).toBe(spec.help);
      if ('default' in spec) expect(property?.default).toEqual(spec.default);
    }
    expect(schema.properties['quality']).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    expect(schema.properties['timeout']).toMatchObject({ type: 'integer', minimum: 0, maximum: 3600 });
  });
});
