/**
 * The README's "Recipes" section: its website recipe, run as written (both command lines), makes
 * what it says; its example of a bad recipe's message is what imgbatch prints.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Manifest } from '../../src';
import { fixtures, listFiles, repoRoot, tempDir } from '../helpers/fixtures';
import { runCliInProcess as runInProcess, type InProcessOptions } from '../helpers/run-cli';

/** The CLI on an inline runner: what is tested here does not need a worker process. */
const runCliInProcess = (argv: readonly string[], o: InProcessOptions = {}): ReturnType<typeof runInProcess> => runInProcess(argv, { ...o, inline: true });

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const section = ((): string => {
  const start = readme.indexOf('\n## Recipes\n');
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
})();
const block = (lang: string): string => new RegExp(`^ *\`\`\`${lang}\\n([\\s\\S]*?)^ *\`\`\`$`, 'm').exec(section)?.[1] ?? '';
const commands = block('sh')
  .split('\n')
  .filter((l) => l.startsWith('imgbatch '));

const dir = tempDir('imgbatch-readme-recipe-');
beforeAll(() => {
  fs.cpSync(fixtures.photosDir, path.join(dir, 'fixtures', 'photos'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'images.json'), block('json'));
});

/** Every photo under fixtures/photos, as `[dir, stem]` (dir '' or 'nested'), with its width as shown. */
async function photos(): Promise<{ rel: string; stem: string; width: number }[]> {
  const root = path.join(dir, 'fixtures', 'photos');
  const files = listFiles(root);
  return Promise.all(
    files.map(async (f) => {
      const meta = await sharp(path.join(root, f)).metadata();
      return { rel: path.dirname(f) === '.' ? '' : path.dirname(f), stem: path.parse(f).name, width: meta.autoOrient.width };
    }),
  );
}

describe('README "Recipes"', () => {
  test('the recipe is the website build the section describes', () => {
    const recipe = JSON.parse(block('json')) as { outputs: { ops: { op: string; width?: number }[]; format: string }[]; manifest: string };
    const widths = recipe.outputs.flatMap((o) => o.ops.filter((op) => op.op === 'resize').map((op) => `${String(op.width)} ${o.format}`));
    expect(widths).toEqual(['320 webp', '320 jpeg', '640 webp', '640 jpeg', '1280 webp', '1280 jpeg']);
    expect(recipe.outputs.at(-1)?.ops.map((op) => op.op)).toEqual(['thumbnail', 'sepia']);
    expect(recipe.manifest).toBeDefined();
    expect(commands).toHaveLength(2);
  });

  test.each(commands.map((line, i) => [i, line] as const))('command %i runs as written: %s', async (_i, line) => {
    const r = await runCliInProcess(line.split(' ').slice(1), { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  test('it made each width a photo has in both formats (one at its own width when none fits), a sepia thumbnail each, and the manifest', async () => {
    const img = path.join(dir, 'site', 'img');
    const expected = (await photos()).flatMap(({ rel, stem, width }) => {
      const fits = [320, 640, 1280].filter((w) => w <= width);
      const named = fits.length > 0 ? fits : [width];
      const at = (name: string): string => (rel === '' ? name : `${rel}/${name}`);
      return [...named.flatMap((w) => [at(`${stem}-${w}.webp`), at(`${stem}-${w}.jpg`)]), at(`thumbs/${stem}.jpg`)];
    });
    expect(listFiles(img).filter((f) => f !== 'images.json')).toEqual(expected.sort());
    for (const thumb of expected.filter((f) => f.includes('thumbs/'))) {
      expect(await sharp(path.join(img, thumb)).metadata()).toMatchObject({ width: 150, height: 150, format: 'jpeg' });
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(img, 'images.json'), 'utf8')) as Manifest;
    expect(manifest.inputs).toHaveLength((await photos()).length);
    for (const input of manifest.inputs) for (const o of input.outputs) expect(fs.existsSync(path.join(img, o.path))).toBe(true);
  });

  test("its bad recipe's message is the one imgbatch prints", async () => {
    const shown = block('text')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => !l.startsWith('imgbatch:') && l !== '');
    const bad = { inputs: ['fixtures/photos'], out: 'o', qualty: 80, outputs: [{ ops: [{ op: 'resize', width: -5 }] }, { ops: [{ op: 'sepia' }], nme: 'x' }] };
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(bad));
    const r = await runCliInProcess(['run', 'bad.json'], { cwd: dir });
    expect(r.code).toBe(2);
    const printed = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) => l.trim());
    expect(printed.slice(0, 2)).toEqual(shown.slice(0, 2));
    expect(printed[2]?.startsWith((shown[2] ?? '').replace(/, ….*$/, ''))).toBe(true);
    expect(printed[2]).toMatch(/, received 80$/);
  });
});
