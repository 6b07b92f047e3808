import fs from 'node:fs';
import path from 'node:path';
import { fixtures, tempDir } from '../helpers/fixtures';
import { runCliInProcess as runInProcess, type InProcessOptions } from '../helpers/run-cli';

/** The CLI on an inline runner: what is tested here does not need a worker process. */
const runCliInProcess = (argv: readonly string[], o: InProcessOptions = {}): ReturnType<typeof runInProcess> => runInProcess(argv, { ...o, inline: true });

/** A folder `photos` holding one real image, and an output folder path beside it. */
function setup(): { photos: string; out: string } {
  const root = tempDir('imgbatch-missing-cli-');
  const photos = path.join(root, 'photos');
  fs.mkdirSync(photos);
  fs.copyFileSync(fixtures.checkerGif, path.join(photos, 'silk.gif'));
  return { photos, out: path.join(root, 'out') };
}

const FAST = ['--no-isolate', '-j', '1'];

describe('CLI: an input with no glob characters that does not exist', () => {
  test.each([
    { name: 'a typo in a file name', missing: (p: string) => path.join(p, 'Silkk.gif'), says: /nothing named "Silkk\.gif"/ },
    { name: 'a typo in a folder name', missing: (p: string) => path.join(p, '..', 'phtos', 'silk.gif'), says: /the folder .*phtos does not exist/ },
  ])('$name beside a real input: a failed NOT_FOUND record, exit 1', async ({ missing, says }) => {
    const { photos, out } = setup();
    const run = await runCliInProcess(['resize', missing(photos), photos, '-o', out, '--json', ...FAST]);
    expect(run.code).toBe(1);
    const failed = run.records.filter((r) => r['status'] === 'failed');
    expect(failed).toEqual([
      expect.objectContaining({ input: path.resolve(missing(photos)), error: { code: 'NOT_FOUND', message: expect.stringMatching(says) } }),
    ]);
    expect(run.records.filter((r) => r['status'] === 'ok')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/warning/);
  });

  test('--quiet still prints the failure (on stderr) and exits 1', async () => {
    const { photos, out } = setup();
    const run = await runCliInProcess(['thumbnail', path.join(photos, 'Silkk.gif'), photos, '-o', out, '--quiet', ...FAST]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/✗ .*Silkk\.gif: no such file or folder: nothing named "Silkk\.gif" in .*photos \[NOT_FOUND\]/);
  });

  test('nothing but missing paths: usage error NO_INPUTS naming them, exit 2, nothing written', async () => {
    const { photos, out } = setup();
    const run = await runCliInProcess(['resize', path.join(photos, 'Silkk.gif'), path.join(photos, 'Tree.jpg'), '-o', out, ...FAST]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^imgbatch: Expected at least one image but found none\.\nThese paths do not exist/);
    expect(run.stderr).toContain('Silkk.gif (nothing named "Silkk.gif"');
    expect(run.stderr).toContain('Tree.jpg (nothing named "Tree.jpg"');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('a glob that matches nothing beside a real input keeps the warning and exit 0', async () => {
    const { photos, out } = setup();
    const run = await runCliInProcess(['resize', path.join(photos, '*.tiff'), photos, '-o', out, ...FAST]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: no images in glob/);
  });
});

describe('CLI: `filter grayscale sepia photos` (two filters chained)', () => {
  test('with inputs found: `sepia` is a failed record that says filter takes one filter name', async () => {
    const { photos, out } = setup();
    const run = await runCliInProcess(['filter', 'grayscale', 'sepia', photos, '-o', out, '--json', ...FAST]);
    expect(run.code).toBe(1);
    const failed = run.records.find((r) => r['status'] === 'failed');
    expect(failed?.['error']).toEqual({ code: 'NOT_FOUND', message: expect.stringMatching(/"sepia" is not a file: filter takes one filter name/) });
  });

  test('with nothing else: a usage error with the same hint', async () => {
    const { out } = setup();
    const run = await runCliInProcess(['filter', 'sepia', 'grayscale', '-o', out, ...FAST]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/"grayscale" is not a file: filter takes one filter name/);
    expect(run.stderr).toMatch(/Run "imgbatch filter --help" for usage/);
  });
});
