/**
 * Recipes: `imgbatch run <recipe.json>`, `imgbatch schema`, the shipped schema file, and
 * `runBatch` taking the same object. Every problem of a bad recipe is listed at once, by JSON path.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { createInlineRunner, runBatch, type Recipe } from '../../src';
import { recipeJsonSchema, RECIPE_SCHEMA_FILE } from '../../src/core/recipe';
import { fixtures, listFiles, repoRoot, tempDir } from '../helpers/fixtures';
import { runCliInProcess as runInProcess, type InProcessOptions } from '../helpers/run-cli';

/** The CLI on an inline runner: what is tested here does not need a worker process. */
const runCliInProcess = (argv: readonly string[], o: InProcessOptions = {}): ReturnType<typeof runInProcess> => runInProcess(argv, { ...o, inline: true });

const GOOD: Recipe = {
  inputs: ['photos'],
  out: 'site/img',
  quality: 80,
  manifest: 'site/img/images.json',
  outputs: [
    { ops: [{ op: 'resize', width: 160 }], format: 'webp' },
    { ops: [{ op: 'resize', width: 160 }], format: 'jpeg' },
    { ops: [{ op: 'thumbnail', size: 64 }, { op: 'sepia' }], format: 'jpeg', name: '{dir}/thumbs/{name}.{ext}' },
  ],
};

/** A folder holding `photos/` (the fixtures) and `recipe.json` with `recipe` in it. */
function project(recipe: unknown): { dir: string; file: string } {
  const dir = tempDir('imgbatch-recipe-');
  fs.cpSync(fixtures.photosDir, path.join(dir, 'photos'), { recursive: true });
  const file = path.join(dir, 'recipe.json');
  fs.writeFileSync(file, typeof recipe === 'string' ? recipe : JSON.stringify(recipe));
  return { dir, file };
}
const photos = fs.readdirSync(fixtures.photosDir).filter((f) => f.includes('.'));
const stems = photos.map((f) => path.parse(f).name);

describe('imgbatch run <recipe.json>', () => {
  test('runs every output of every input; paths are relative to the recipe, wherever the user is', async () => {
    const { dir, file } = project(GOOD);
    const r = await runCliInProcess(['run', file, '--quiet'], { cwd: tempDir() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const img = path.join(dir, 'site', 'img');
    const thumbs = stems.map((s) => `thumbs/${s}.jpg`);
    const sized = stems.flatMap((s) => [`${s}-160.webp`, `${s}-160.jpg`]);
    expect(listFiles(img).filter((f) => f !== 'images.json')).toEqual([...sized, ...thumbs].sort());
    expect(fs.existsSync(path.join(img, 'images.json'))).toBe(true);
  });

  test('flags override the recipe: -o relative to the user, -q, --format for outputs without one', async () => {
    const { dir, file } = project({ ...GOOD, manifest: undefined, outputs: [{ ops: [{ op: 'grayscale' }] }] });
    const cwd = tempDir();
    const r = await runCliInProcess(['run', file, '-o', 'here', '--format', 'webp', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(listFiles(path.join(cwd, 'here'))).toEqual(stems.map((s) => `${s}.webp`).sort());
    expect(fs.existsSync(path.join(dir, 'site'))).toBe(false);
  });

  test.each([
    {
      name: '-o, --manifest, --report, --incremental --state',
      flags: ['-o', 'o', '--manifest', 'm.json', '--report', 'r.html', '--incremental', '--state', 'st'],
      made: ['m.json', 'o', 'r.html', 'r.html.files', 'st'],
    },
    { name: '--files-from and --root', flags: ['-o', 'o', '--files-from', 'list.txt', '--root', 'in'], made: ['in', 'list.txt', 'o'] },
  ])('every path flag is relative to the user, not the recipe: $name', async ({ flags, made }) => {
    const { dir, file } = project({ ...GOOD, manifest: undefined, outputs: [{ ops: [{ op: 'grayscale' }] }] });
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'in'));
    fs.copyFileSync(fixtures.landscapeJpg, path.join(cwd, 'in', 'a.jpg'));
    if (flags.includes('--files-from'))
      fs.writeFileSync(path.join(cwd, 'list.txt'), `${path.join(cwd, 'in', 'a.jpg')}\n`); // entries: relative to the recipe (README)
    else fs.rmSync(path.join(cwd, 'in'), { recursive: true });
    const r = await runCliInProcess(['run', file, ...flags, '--quiet'], { cwd });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(fs.readdirSync(cwd).sort()).toEqual(made);
    expect(fs.readdirSync(dir).sort()).toEqual(['photos', 'recipe.json']);
  });

  test('a bad recipe: exit 2, every problem listed at once with its JSON path, nothing written', async () => {
    const bad = {
      inputs: ['photos'],
      out: 'o',
      qualty: 80,
      outputs: [{ ops: [{ op: 'resize', width: -5 }], format: 'gif' }, { ops: [{ op: 'blur' }], nme: 'x' }, { ops: [{ op: 'resize', widht: 3 }] }],
    };
    const { dir, file } = project(bad);
    const r = await runCliInProcess(['run', file]);
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('  '));
    expect(lines).toEqual([
      '  outputs[0].ops[0].width: expected a positive integer, received -5',
      expect.stringMatching(/^ {2}outputs\[0\]\.format: expected one of keep, jpeg, png, webp, avif, received "gif"$/),
      '  outputs[1].ops[0].op: expected one of resize, grayscale, sepia, thumbnail, received "blur"',
      '  outputs[1].nme: expected one of the fields ops, format, quality, name, received "x"',
      expect.stringMatching(/^ {2}outputs\[2\]\.ops\[0\]\.widht: expected one of the fields op, width, height .*, received 3$/),
      expect.stringMatching(/^ {2}qualty: expected one of the keys inputs, \$schema, out, .*, received 80$/),
    ]);
    expect(r.stderr).toMatch(/^imgbatch: Expected a valid recipe in .*recipe\.json, but it has 6 problems:/);
    expect(fs.existsSync(path.join(dir, 'o'))).toBe(false);
  });

  test.each([
    { name: 'not JSON', text: '{"inputs": [', message: /^imgbatch: Expected JSON in the recipe .*recipe\.json, but it is not: / },
    { name: 'not an object', text: '[1, 2]', message: /\(the recipe\): expected a JSON object, received \[1,2\]/ },
    { name: 'no outputs', text: '{"inputs": ["photos"], "out": "o"}', message: /outputs: expected a non-empty list of outputs, received nothing/ },
    {
      name: 'an op instead of outputs',
      text: '{"inputs": ["photos"], "out": "o", "op": {"op": "sepia"}}',
      message: /^ {2}op: expected no op \(a recipe lists its outputs/m,
    },
    {
      name: 'a bad flag beside it',
      text: JSON.stringify(GOOD),
      args: ['-q', '101'],
      message: /^ {2}--quality: expected an integer from 1 to 100, received "101"$/m,
    },
  ])('$name → exit 2 saying so', async ({ text, args, message }) => {
    const { file } = project(text);
    const r = await runCliInProcess(['run', file, ...(args ?? [])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('a missing recipe file → exit 2 naming it', async () => {
    const r = await runCliInProcess(['run', path.join(tempDir(), 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^imgbatch: Expected a readable recipe file but cannot read .*nope\.json: /);
  });
});

describe('the recipe schema', () => {
  const schema = recipeJsonSchema();
  const validate = new Ajv({ strict: false }).compile(schema);

  test('imgbatch schema prints it, and the package ships it (run `npm run docs` after changing an option)', async () => {
    const r = await runCliInProcess(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(schema);
    expect(fs.readFileSync(path.join(repoRoot, RECIPE_SCHEMA_FILE), 'utf8')).toBe(`${JSON.stringify(schema, null, 2)}\n`);
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain(RECIPE_SCHEMA_FILE);
  });

  test('an editor checking with it accepts a good recipe and rejects what imgbatch rejects', () => {
    const { inputs: _inputs, ...withoutInputs } = GOOD;
    expect(validate({ $schema: `./node_modules/imgbatch/${RECIPE_SCHEMA_FILE}`, ...GOOD })).toBe(true);
    for (const bad of [
      { ...GOOD, qualty: 80 },
      { ...GOOD, outputs: [] },
      { ...GOOD, outputs: [{ ops: [{ op: 'resize', width: -5 }] }] },
      { ...GOOD, outputs: [{ ops: [{ op: 'resize', widht: 5 }] }] },
      { ...GOOD, op: { op: 'sepia' } },
      { inputs: ['photos'], outputs: GOOD.outputs },
      withoutInputs,
      { ...GOOD, filesFrom: 'list.txt' },
    ]) {
      expect(validate(bad)).toBe(false);
    }
    expect(validate({ ...withoutInputs, filesFrom: '-', null: true, root: 'photos' })).toBe(true);
  });

  test('carries no default that depends on the machine', () => {
    const properties = schema['properties'] as Record<string, Record<string, unknown>>;
    expect(properties['concurrency']).not.toHaveProperty('default');
    expect(properties['quality']).toMatchObject({ default: 85, minimum: 1, maximum: 100 });
  });
});

test('runBatch takes the same recipe object', async () => {
  const { dir } = project(GOOD);
  const runner = createInlineRunner({ capacity: 2 });
  const report = await runBatch({ ...GOOD, cwd: dir }, { runner });
  await runner.close();
  expect(report.summary).toMatchObject({ ok: photos.length, failed: 0 });
  expect(report.summary.outputs).toBe(photos.length * 3);
});
