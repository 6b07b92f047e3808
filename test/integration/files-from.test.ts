/**
 * `--files-from <file|->`, `-0` and `--root`: inputs from a list, through the CLI in this process
 * (inline runner, tiny fixtures), in a fresh folder each. Output paths, records and exit codes as a
 * user sees them; usage errors write nothing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathBytes } from '../../src/core/names';
import { fixtures, listFiles, repoRoot, tempDir } from '../helpers/fixtures';
import { runCliInProcess as runInProcess, type InProcessOptions, type Json } from '../helpers/run-cli';

const runCli = (argv: readonly string[], o: InProcessOptions = {}): ReturnType<typeof runInProcess> => runInProcess(argv, { ...o, inline: true });

/** A folder with tiny images: `p/a.webp`, `p/2024/b.gif`, `p/2024/x/c.jpg`, `q/d.webp`. */
function project(): string {
  const dir = tempDir('imgbatch-list-');
  const put = (rel: string, from: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, rel));
  };
  put('p/a.webp', fixtures.barsWebp);
  put('p/2024/b.gif', fixtures.checkerGif);
  put('p/2024/x/c.jpg', fixtures.rotatedExif6Jpg);
  put('q/d.webp', fixtures.barsWebp);
  return dir;
}

const files = (records: readonly Json[]): Json[] => records.filter((r) => r['type'] === 'file');
const byStatus = (records: readonly Json[]): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const r of files(records)) {
    const key =
      r['status'] === 'failed' ? `failed ${String((r['error'] as Json)['code'])}` : r['status'] === 'skipped' ? `skipped ${String(r['reason'])}` : 'ok';
    (out[key] ??= []).push(path.basename(String(r['input'])));
  }
  return out;
};

describe('imgbatch … --files-from', () => {
  test('a list of lines: relative to where you are, outputs relative to the deepest common folder', async () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'list.txt'), 'p/2024/b.gif\r\n\np/2024/x/c.jpg\n');
    const r = await runCli(['resize', '--files-from', 'list.txt', '-o', 'out', '--width', '16', '--quiet'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(listFiles(path.join(dir, 'out'))).toEqual(['b.gif', path.join('x', 'c.jpg')]);
  });

  test('a NUL-separated list (-0): names with line breaks and glob characters are names', async () => {
    const dir = project();
    fs.copyFileSync(fixtures.barsWebp, path.join(dir, 'p', 'two\nlines.webp'));
    fs.copyFileSync(fixtures.barsWebp, path.join(dir, 'p', 'star[1].webp'));
    fs.writeFileSync(path.join(dir, 'list'), 'p/two\nlines.webp\0p/star[1].webp\0p/*.webp\0');
    const r = await runCli(['filter', 'grayscale', '--files-from', 'list', '-0', '-o', 'out', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(byStatus(r.records)).toEqual({ ok: ['two\nlines.webp', 'star[1].webp'], 'failed NOT_FOUND': ['*.webp'] });
    expect(listFiles(path.join(dir, 'out'))).toEqual(['star[1].webp', 'two\nlines.webp']);
  });

  test('standard input (--files-from - -0, as from find -print0), with --root', async () => {
    const dir = project();
    const stdin = `${path.join(dir, 'p', 'a.webp')}\0p/2024/x/c.jpg\0`;
    const r = await runCli(['thumbnail', '--files-from', '-', '-0', '--root', '.', '-o', 'out', '--size', '8', '--quiet'], { cwd: dir, stdin });
    expect(r.code).toBe(0);
    expect(listFiles(path.join(dir, 'out'))).toEqual([path.join('p', '2024', 'x', 'c.jpg'), path.join('p', 'a.webp')]);
  });

  test('missing entries are failed NOT_FOUND records (exit 1), even when every entry is missing', async () => {
    const dir = project();
    const some = await runCli(['resize', '--files-from', '-', '-o', 'out', '--json'], { cwd: dir, stdin: 'p/a.webp\np/nope.jpg\nnothere/x.png\n' });
    expect(some.code).toBe(1);
    expect(byStatus(some.records)).toEqual({ ok: ['a.webp'], 'failed NOT_FOUND': ['nope.jpg', 'x.png'] });
    const all = await runCli(['resize', '--files-from', '-', '-o', 'out2'], { cwd: dir, stdin: 'gone.jpg\n' });
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/^✗ gone\.jpg: no such file or folder: nothing named "gone\.jpg" in .* \[NOT_FOUND\]$/m);
  });

  test('a path outside --root fails OUTSIDE_ROOT; the others are processed', async () => {
    const dir = project();
    const r = await runCli(['resize', '--files-from', '-', '--root', 'p', '-o', 'out', '--json'], { cwd: dir, stdin: 'p/2024/b.gif\nq/d.webp\n' });
    expect(r.code).toBe(1);
    expect(byStatus(r.records)).toEqual({ ok: ['b.gif'], 'failed OUTSIDE_ROOT': ['d.webp'] });
    expect(listFiles(path.join(dir, 'out'))).toEqual([path.join('2024', 'b.gif')]);
  });

  test('a symbolic link leaving the root is skipped, and read only with --follow-external-symlinks', async () => {
    const dir = project();
    fs.symlinkSync(path.join(dir, 'q', 'd.webp'), path.join(dir, 'p', 'link.webp'));
    const argv = ['resize', '--files-from', '-', '-o', 'out', '--json'];
    const skipped = await runCli(argv, { cwd: dir, stdin: 'p/a.webp\np/link.webp\n' });
    expect(skipped.code).toBe(0);
    expect(byStatus(skipped.records)).toEqual({ ok: ['a.webp'], 'skipped outside-input-root': ['link.webp'] });
    const followed = await runCli([...argv, '--follow-external-symlinks'], { cwd: dir, stdin: 'p/a.webp\np/link.webp\n' });
    expect(byStatus(followed.records)).toEqual({ ok: ['a.webp', 'link.webp'] });
  });

  test('a name that is not UTF-8, from a NUL-separated list, keeps its bytes', async () => {
    const dir = project();
    const name = Buffer.concat([Buffer.from('p/x'), Buffer.from([0xff]), Buffer.from('.webp')]);
    fs.copyFileSync(fixtures.barsWebp, Buffer.concat([Buffer.from(`${dir}/`), name]));
    const r = await runCli(['resize', '--files-from', '-', '-0', '-o', 'out', '--json'], { cwd: dir, stdin: Buffer.concat([name, Buffer.from([0])]) });
    expect(r.code).toBe(0);
    const [record] = files(r.records);
    expect(pathBytes(String(record?.['input']))).toEqual(Buffer.concat([Buffer.from(`${dir}/`), name]));
  });

  test('--dry-run plans the list and writes nothing', async () => {
    const dir = project();
    const r = await runCli(['resize', '--files-from', '-', '-o', 'out', '--dry-run'], { cwd: dir, stdin: 'p/a.webp\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\+ p\/a\.webp → out\/a\.webp {2}\(write\)$/m);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('an interrupt while the list is read stops the run: nothing processed, exit 130', async () => {
    const dir = project();
    const controller = new AbortController();
    // Standard input that never ends: the run is interrupted when it starts reading it.
    const stdin = new Readable({ read: () => controller.abort('SIGINT') });
    const r = await runCli(['resize', '--files-from', '-', '-o', 'out', '--json'], { cwd: dir, stdin, interrupt: controller.signal });
    expect(r.code).toBe(130);
    expect(files(r.records)).toEqual([]);
  });
});

describe('usage errors: exit 2, nothing written', () => {
  const cases: readonly { name: string; argv: readonly string[]; stdin?: string; list?: string; expected: RegExp }[] = [
    {
      name: '-0 without --files-from',
      argv: ['p', '-0'],
      expected: /^imgbatch: Expected --null only together with --files-from for --null but received true$/m,
    },
    { name: '--root without --files-from', argv: ['p', '--root', 'p'], expected: /^imgbatch: Expected --root only together with --files-from/m },
    {
      name: 'inputs and a list',
      argv: ['p', '--files-from', 'list'],
      list: 'p/a.webp\n',
      expected: /^imgbatch: Expected either <inputs\.\.> or --files-from, not both, but received <inputs\.\.> "p" and --files-from "list"$/m,
    },
    {
      name: 'neither inputs nor a list',
      argv: [],
      expected: /^imgbatch: Expected files, folders or globs \(<inputs\.\.>\), or a list of files \(--files-from\), but received neither$/m,
    },
    {
      name: 'an empty list file',
      argv: ['--files-from', 'list'],
      list: '',
      expected: /^imgbatch: Expected at least one path in the --files-from list \(.*list\), but it is empty/m,
    },
    {
      name: 'empty standard input',
      argv: ['--files-from', '-'],
      stdin: '',
      expected: /^imgbatch: Expected at least one path in the --files-from list \(standard input\), but it is empty/m,
    },
    { name: 'only blank lines', argv: ['--files-from', '-'], stdin: '\n\r\n', expected: /but it holds only blank lines or separators/ },
    { name: 'NUL bytes without -0', argv: ['--files-from', '-'], stdin: 'p/a.webp\0', expected: /one path per line .* it holds NUL bytes.*add -0/ },
    { name: 'lines read with -0', argv: ['--files-from', '-', '-0'], stdin: 'p/a.webp\np/2024/b.gif\n', expected: /NUL-separated paths .*leave out -0/ },
    {
      name: 'a list that cannot be read',
      argv: ['--files-from', 'nope.txt'],
      expected: /^imgbatch: Expected a readable --files-from list but cannot read .*nope\.txt: .*ENOENT/m,
    },
  ];
  test.each(cases)('$name', async ({ argv, stdin, list, expected }) => {
    const dir = project();
    if (list !== undefined) fs.writeFileSync(path.join(dir, 'list'), list);
    const r = await runCli(['resize', ...argv, '-o', 'out'], { cwd: dir, ...(stdin === undefined ? {} : { stdin }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stdout).toBe('');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('recipes', () => {
  const outputs = [{ ops: [{ op: 'resize', width: 16 }] }];

  test('"filesFrom" and its paths are relative to the recipe folder', async () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'list.txt'), 'p/a.webp\np/2024/b.gif\n');
    fs.writeFileSync(path.join(dir, 'recipe.json'), JSON.stringify({ filesFrom: 'list.txt', root: '.', out: 'out', outputs }));
    const r = await runCli(['run', path.join(dir, 'recipe.json'), '--quiet'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(listFiles(path.join(dir, 'out'))).toEqual([path.join('p', '2024', 'b.gif'), path.join('p', 'a.webp')]);
  });

  test("--files-from on the command line replaces the recipe's inputs", async () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'recipe.json'), JSON.stringify({ inputs: ['p', 'q'], out: 'out', outputs }));
    const r = await runCli(['run', 'recipe.json', '--files-from', '-', '--quiet'], { cwd: dir, stdin: 'q/d.webp\n' });
    expect(r.code).toBe(0);
    expect(listFiles(path.join(dir, 'out'))).toEqual(['d.webp']);
  });
});

describe('README "Lists of files"', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n### Lists of files\n');
  const section = readme.slice(start, readme.indexOf('\n## ', start));
  const lines = [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) => (m[1] ?? '').split('\n').filter((l) => l !== ''));
  /** A command line → its arguments, as a POSIX shell splits it (single quotes only, as the README uses). */
  const words = (line: string): string[] => [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');

  test('its lines run as written (find for real, piped or redirected) and write what it says', async () => {
    const dir = tempDir('imgbatch-readme-list-');
    fs.cpSync(fixtures.photosDir, path.join(dir, 'photos'), { recursive: true });
    const find = (line: string): Buffer => execFileSync('find', words(line).slice(1), { cwd: dir });
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const [command = '', piped] = line.split(' | ');
      const [left = '', redirected] = command.split(' > ');
      if (redirected !== undefined) {
        fs.writeFileSync(path.join(dir, redirected), find(left));
        continue;
      }
      const argv = words(piped ?? command);
      expect(argv[0]).toBe('imgbatch');
      const r = await runCli(argv.slice(1), { cwd: dir, ...(piped === undefined ? {} : { stdin: find(command) }) });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const nested = ['landscape-exif3.jpg', 'rotated-exif6.jpg'].map((f) => path.join('nested', f));
    expect(listFiles(path.join(dir, 'out'))).toEqual(['landscape.jpg', ...nested, 'portrait-exif6.jpg']);
    expect(listFiles(path.join(dir, 'thumbs'))).toEqual([path.join('photos', 'alpha.png')]);
  });
});
