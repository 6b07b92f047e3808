/**
 * The README's "Several outputs per input" section: its command lines run as written, in a folder
 * holding the fixtures, and make what the section says; its manifest example has the shape and
 * the values (all but byte counts, which depend on the encoder's version) of a real manifest.
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
  const start = readme.indexOf('\n## Several outputs per input\n');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end);
})();

/** A command line → its arguments, as a POSIX shell splits it (single quotes only, as the README uses). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

const commands = [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) => (m[1] ?? '').split('\n').filter((l) => l.startsWith('imgbatch ')));
const photos = fs
  .readdirSync(fixtures.photosDir, { withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => path.parse(e.name).name);

const dir = tempDir('imgbatch-readme-outputs-');
beforeAll(() => fs.cpSync(fixtures.photosDir, path.join(dir, 'fixtures', 'photos'), { recursive: true }));

const sizeOf = async (file: string): Promise<[number, number]> => {
  const meta = await sharp(file).metadata();
  return [meta.width, meta.height];
};

describe('README "Several outputs per input"', () => {
  test('has the three command lines', () => {
    expect(commands.map((c) => words(c).slice(0, 2).join(' '))).toEqual(['imgbatch resize', 'imgbatch thumbnail', 'imgbatch filter']);
  });

  test.each(commands.map((line, i) => [i, line] as const))('command %i runs as written: %s', async (_i, line) => {
    const r = await runCliInProcess(words(line).slice(1), { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test('the resize line made each width the photo has, in both formats, and the manifest says so', async () => {
    const img = path.join(dir, 'site', 'img');
    for (const name of ['landscape-150.webp', 'landscape-150.jpg', 'landscape-300.webp', 'landscape-300.jpg']) {
      const width = Number(/-(\d+)\./.exec(name)?.[1]);
      expect((await sizeOf(path.join(img, name)))[0]).toBe(width);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(img, 'images.json'), 'utf8')) as Manifest;
    expect(manifest.inputs.map((i) => path.parse(i.input).name)).toEqual([...photos].sort());
    for (const input of manifest.inputs) {
      for (const [format, srcset] of Object.entries(input.srcset)) {
        for (const candidate of srcset.split(', ')) {
          const [url = '', w = ''] = candidate.split(' ');
          const file = path.join(img, decodeURIComponent(url.replace(/^\/img\//, '')));
          expect((await sizeOf(file))[0]).toBe(Number(w.replace(/w$/, '')));
          expect((await sharp(file).metadata()).format).toBe(format);
        }
      }
    }
  });

  test('its manifest example is the real one for landscape.jpg, byte counts aside', () => {
    const example = /^```json\n([\s\S]*?)^```$/m.exec(section)?.[1] ?? '';
    const real = JSON.parse(fs.readFileSync(path.join(dir, 'site', 'img', 'images.json'), 'utf8')) as Manifest;
    const shown = JSON.parse(example) as Manifest;
    const noBytes = (m: Manifest): unknown => ({
      ...m,
      inputs: m.inputs.map((i) => ({ ...i, outputs: i.outputs.map(({ bytes: _bytes, ...o }) => o) })),
    });
    const landscape = { ...real, inputs: real.inputs.filter((i) => i.input.endsWith('/landscape.jpg')) };
    expect(noBytes(shown)).toEqual(noBytes({ ...landscape, inputs: landscape.inputs.map((i) => ({ ...i, input: '../../fixtures/photos/landscape.jpg' })) }));
  });

  test('the thumbnail line made 64 and 128 px squares in AVIF and WebP for every photo', async () => {
    const thumbs = path.join(dir, 'site', 'thumbs');
    const expected = photos.flatMap((p) => [64, 128].flatMap((s) => [`${p}-${s}.avif`, `${p}-${s}.webp`]));
    expect(listFiles(thumbs)).toEqual(expected.sort());
    for (const file of expected) {
      const size = Number(/-(\d+)\.[a-z]+$/.exec(file)?.[1]);
      expect(await sizeOf(path.join(thumbs, file))).toEqual([size, size]);
    }
  });

  test('the sepia line made a WebP and a PNG per photo, one folder per format', () => {
    const old = path.join(dir, 'site', 'old');
    expect(listFiles(old)).toEqual(photos.flatMap((p) => [`png/${p}.png`, `webp/${p}.webp`]).sort());
  });
});
