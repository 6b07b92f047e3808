/**
 * The output folder is never read back, and files under an input folder that imgbatch did not write
 * are never replaced without --overwrite. Each rule over several instances; fresh temp dirs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fixtures, listFiles, tempDir } from '../helpers/fixtures';
import { runCliInProcess as runInProcess, type Json } from '../helpers/run-cli';

/** The CLI on an inline runner: these tests are about output folders, links and the ledger. */
const runCliInProcess = (argv: readonly string[]): ReturnType<typeof runInProcess> => runInProcess(argv, { inline: true });

const jpeg = (): Buffer => fs.readFileSync(fixtures.landscapeJpg);
const files = (records: readonly Json[]): Json[] => records.filter((r) => r['type'] === 'file');
const processed = (records: readonly Json[]): string[] =>
  files(records)
    .filter((r) => r['status'] !== 'skipped')
    .map((r) => String(r['input']))
    .sort();

function photos(): string {
  const root = tempDir('imgbatch-outroot-');
  fs.mkdirSync(path.join(root, 'photos', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'photos', 'a.jpg'), jpeg());
  fs.writeFileSync(path.join(root, 'photos', 'sub', 'b.jpg'), jpeg());
  return root;
}

describe('outputs are never read back, whatever route leads to them', () => {
  test.each([
    { name: '-r -o link/small where link → photos', out: 'link/small', setup: (r: string) => fs.symlinkSync('photos', path.join(r, 'link')), follow: false },
    {
      name: '-r -o photos/small, photos holding a link to its parent (followed)',
      out: 'photos/small',
      setup: (r: string) => fs.symlinkSync('..', path.join(r, 'photos', 'up')),
      follow: true,
    },
    {
      name: '-r -o out beside photos, photos holding a link to their parent (followed)',
      out: 'out',
      setup: (r: string) => fs.symlinkSync(r, path.join(r, 'photos', 'root')),
      follow: true,
    },
    {
      name: '-r -o photos/sub/small through a link to sub',
      out: 'photos/s/small',
      setup: (r: string) => fs.symlinkSync('sub', path.join(r, 'photos', 's')),
      follow: false,
    },
  ])('$name: three runs process the same two photos once each', async ({ out, setup, follow }) => {
    const root = photos();
    setup(root);
    const args = [
      'thumbnail',
      path.join(root, 'photos'),
      '-r',
      '-o',
      path.join(root, out),
      '--size',
      '32',
      '--json',
      ...(follow ? ['--follow-external-symlinks'] : []),
    ];
    const seen: string[][] = [];
    for (let i = 0; i < 3; i += 1) {
      const run = await runCliInProcess(args);
      expect(run.code).toBe(0);
      seen.push(processed(run.records));
      for (const r of files(run.records).filter((x) => x['status'] === 'skipped')) expect(['inside-output-root', 'duplicate']).toContain(r['reason']);
    }
    expect(seen[0]).toEqual([path.join(root, 'photos', 'a.jpg'), path.join(root, 'photos', 'sub', 'b.jpg')]);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    const outputs = listFiles(fs.realpathSync(path.join(root, out)));
    expect(outputs.sort()).toEqual(['a.jpg', 'sub/b.jpg']);
  });
});

describe('a link inside the output folder is never written through', () => {
  test.each([
    { name: 'out/sub → an outside folder', link: 'out/sub' },
    { name: 'out/sub/deeper → an outside folder', link: 'out/sub/deeper' },
  ])('$name: its files fail UNSAFE_OUTPUT_PATH naming it, the others are written, the outside folder is unchanged', async ({ link }) => {
    const root = tempDir('imgbatch-outlink-');
    for (const rel of ['photos/a.jpg', 'photos/sub/b.jpg', 'photos/sub/deeper/c.jpg']) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), jpeg());
    }
    fs.mkdirSync(path.join(root, 'elsewhere'));
    fs.writeFileSync(path.join(root, 'elsewhere', 'b.jpg'), 'not yours to replace');
    fs.writeFileSync(path.join(root, 'elsewhere', 'c.jpg'), 'not yours to replace');
    fs.mkdirSync(path.dirname(path.join(root, link)), { recursive: true });
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(root, link));
    const run = await runCliInProcess(['thumbnail', path.join(root, 'photos'), '-r', '-o', path.join(root, 'out'), '--json']);
    expect(run.code).toBe(1);
    const failed = files(run.records).filter((r) => r['status'] === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed)
      expect(r['error']).toMatchObject({ code: 'UNSAFE_OUTPUT_PATH', message: expect.stringContaining(`${path.join(root, link)} is a symbolic link`) });
    expect(fs.readdirSync(path.join(root, 'elsewhere')).sort()).toEqual(['b.jpg', 'c.jpg']);
    expect(fs.readFileSync(path.join(root, 'elsewhere', 'b.jpg'), 'utf8')).toBe('not yours to replace');
    expect(fs.existsSync(path.join(root, 'out', 'a.jpg'))).toBe(true);
  });
});

describe('an original at an output path under an input folder', () => {
  test.each([
    { name: 'thumbnail photos -r -o photos/2023', args: ['thumbnail', 'photos', '-r', '-o', 'photos/2023'], original: 'photos/2023/a.jpg' },
    {
      name: 'resize photos -r -o photos/sub --suffix _small',
      args: ['resize', 'photos', '-r', '-o', 'photos/sub', '--suffix', '_small'],
      original: 'photos/sub/a_small.jpg',
    },
    { name: 'filter sepia photos/a.jpg -o photos/sepia', args: ['filter', 'sepia', 'photos/a.jpg', '-o', 'photos/sepia'], original: 'photos/sepia/a.jpg' },
  ])('$name: a plan error naming it, nothing written; --overwrite replaces it', async ({ args, original }) => {
    const root = photos();
    const at = (p: string): string => path.join(root, p);
    fs.mkdirSync(path.dirname(at(original)), { recursive: true });
    fs.writeFileSync(at(original), 'an original');
    fs.writeFileSync(path.join(path.dirname(at(original)), 'other.jpg'), jpeg());
    const absolute = args.map((a) => (a.startsWith('photos') ? at(a) : a));
    const refused = await runCliInProcess(absolute);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(at(original));
    expect(refused.stderr).toMatch(/imgbatch did not write[\s\S]*--overwrite/);
    expect(fs.readFileSync(at(original), 'utf8')).toBe('an original');

    const replaced = await runCliInProcess([...absolute, '--overwrite', '--json']);
    expect(replaced.code).toBe(0);
    expect(fs.readFileSync(at(original)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    // Written by imgbatch now: a rerun replaces it without --overwrite.
    expect((await runCliInProcess(absolute)).code).toBe(0);
  });

  test('files under the output folder that are left out get a record each (inside-output-root)', async () => {
    const root = photos();
    fs.mkdirSync(path.join(root, 'photos', '2023'));
    fs.writeFileSync(path.join(root, 'photos', '2023', 'b.jpg'), jpeg());
    const run = await runCliInProcess(['thumbnail', path.join(root, 'photos'), '-r', '-o', path.join(root, 'photos', '2023'), '--json']);
    expect(run.code).toBe(0);
    expect(files(run.records).find((r) => String(r['input']).endsWith(path.join('2023', 'b.jpg')))).toMatchObject({
      status: 'skipped',
      reason: 'inside-output-root',
    });
  });

  test('an output folder outside every input folder is replaced as before (no ledger needed)', async () => {
    const root = photos();
    fs.mkdirSync(path.join(root, 'out'));
    fs.writeFileSync(path.join(root, 'out', 'a.jpg'), 'old output of another tool');
    const run = await runCliInProcess(['thumbnail', path.join(root, 'photos'), '-o', path.join(root, 'out')]);
    expect(run.code).toBe(0);
  });
});

describe('names are escaped on every human-facing line', () => {
  const hostile = ['\u001b[2J\u001b[Hpwned.jpg', 'bell\u0007\u001b]0;title\u0007.jpg', 'rtl\u202egpj.jpg', 'line\rfeed.jpg'];
  const noRaw = (text: string): void => {
    // eslint-disable-next-line no-control-regex -- raw control characters are what must not appear
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  };

  test.each(hostile)('%j in a collision plan error', async (name) => {
    const root = tempDir('imgbatch-escape-');
    fs.writeFileSync(path.join(root, name), jpeg());
    fs.writeFileSync(path.join(root, name.replace(/\.jpg$/, '.JPG')), jpeg());
    const run = await runCliInProcess(['resize', root, '-o', path.join(root, 'out'), '--format', 'png']);
    expect(run.code).toBe(2);
    noRaw(run.stderr);
    expect(run.stderr).toMatch(/\\x1b|\\x07|\\u202e|\\r/);
  });

  test.each(hostile)('%j in overwrite-an-input and replace-an-original plan errors', async (name) => {
    const root = tempDir('imgbatch-escape-');
    fs.writeFileSync(path.join(root, name), jpeg());
    const input = await runCliInProcess(['resize', root, '-o', root]);
    expect(input.code).toBe(2);
    noRaw(input.stderr);
    fs.writeFileSync(path.join(root, name.replace(/\.jpg$/, '_x.jpg')), 'original');
    const original = await runCliInProcess(['resize', path.join(root, name), '-o', root, '--suffix', '_x']);
    expect(original.code).toBe(2);
    noRaw(original.stderr);
  });

  test.each(hostile)('%j in a result line and in the warning of an argument that found nothing', async (name) => {
    const root = tempDir('imgbatch-escape-');
    fs.writeFileSync(path.join(root, name), 'not an image');
    fs.mkdirSync(path.join(root, `empty${name}`));
    const run = await runCliInProcess(['resize', root, path.join(root, `empty${name}`), '-o', path.join(root, 'out')]);
    expect(run.code).toBe(1);
    noRaw(run.stdout);
    noRaw(run.stderr);
  });
});
