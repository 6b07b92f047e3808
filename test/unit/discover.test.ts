import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/core/errors';
import { IMAGE_EXTENSIONS, discover, globBase, hasImageExtension, type DiscoverOptions } from '../../src/batch/discover';
import { outputPath } from '../../src/batch/plan';
import type { Discovered } from '../../src/core/types';
import { listFiles, tempDir, writeTree } from '../helpers/fixtures';

// Discovery never decodes: image files here hold any bytes.
const BYTES = 'not really an image';

let root: string;
beforeEach(() => {
  root = tempDir('imgbatch-discover-');
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const at = (...parts: string[]): string => path.join(root, ...parts);
const tree = (...names: string[]): void => writeTree(root, Object.fromEntries(names.map((n) => [n, BYTES])));
const opts = (overrides: Partial<DiscoverOptions> = {}): DiscoverOptions => ({ cwd: root, recursive: false, ...overrides });
/** Entries without their identity (device + inode numbers differ from run to run). */
/** Entries without what identifies the file seen (its identity and size: see the test of those). */
const noId = (entries: readonly Discovered[]): Discovered[] => entries.map(({ id: _id, bytes: _bytes, ...e }) => e);
/** Entries as [path relative to root, rel], for compact assertions. */
const short = (entries: readonly Discovered[]): [string, string][] => entries.map((e) => [path.relative(root, e.input), e.rel]);

async function usageError(promise: Promise<unknown>): Promise<UsageError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('expected a UsageError');
}

describe('hasImageExtension', () => {
  const cases: readonly { name: string; args: string; expected: boolean }[] = [
    ...IMAGE_EXTENSIONS.map((ext) => ({ name: `.${ext.toUpperCase()}`, args: `a.${ext.toUpperCase()}`, expected: true })),
    { name: '.Png', args: 'b.Png', expected: true },
    { name: '.txt', args: 'notes.txt', expected: false },
    { name: '.bmp', args: 'x.bmp', expected: false },
    { name: 'no extension', args: 'jpg', expected: false },
    { name: 'extension only in the middle', args: 'a.jpg.bak', expected: false },
  ];
  test.each(cases)('$name → $expected', ({ args, expected }) => {
    expect(hasImageExtension(args)).toBe(expected);
  });
});

describe('discover: folders', () => {
  test('non-recursive picks only direct children, sorted, rel ""', async () => {
    tree('b.jpg', 'a.png', 'sub/c.jpg', 'sub/deeper/d.jpg');
    const found = await discover([root], opts());
    expect(short(found.entries)).toEqual([
      ['a.png', ''],
      ['b.jpg', ''],
    ]);
    expect(found.empty).toEqual([]);
    for (const e of found.entries) {
      expect(e.argument).toBe(root);
      expect(e.skip).toBeUndefined();
      expect(path.isAbsolute(e.input)).toBe(true);
    }
  });

  test('recursive walks subfolders with rel set', async () => {
    tree('b.jpg', 'sub/c.jpg', 'sub/deeper/d.jpg', 'other/e.gif');
    const found = await discover([root], opts({ recursive: true }));
    expect(short(found.entries)).toEqual([
      ['b.jpg', ''],
      [path.join('other', 'e.gif'), 'other'],
      [path.join('sub', 'c.jpg'), 'sub'],
      [path.join('sub', 'deeper', 'd.jpg'), path.join('sub', 'deeper')],
    ]);
  });

  test('a relative folder argument is resolved against cwd and kept as the argument', async () => {
    tree('photos/a.jpg');
    const found = await discover(['photos'], opts());
    expect(noId(found.entries)).toEqual([{ input: at('photos', 'a.jpg'), rel: '', argument: 'photos' }]);
  });

  test('each file found carries the identity and the size discovery saw (a small one may share a thread)', async () => {
    tree('photos/a.jpg', 'photos/b.png');
    fs.writeFileSync(at('photos', 'b.png'), Buffer.alloc(4321));
    const found = await discover(['photos'], opts());
    const sizes = found.entries.map((e) => [path.basename(e.input), e.bytes, fs.statSync(e.input).ino.toString() === e.id?.ino]);
    expect(sizes).toEqual([
      ['a.jpg', fs.statSync(at('photos', 'a.jpg')).size, true],
      ['b.png', 4321, true],
    ]);
  });

  test('extension filter is case-insensitive and skips other extensions', async () => {
    tree('a.JPG', 'b.Png', 'c.TIFF', 'd.jpeg', 'e.webp', 'f.avif', 'g.GIF', 'h.tif', 'notes.txt', 'x.bmp', 'noext', 'jpg');
    const found = await discover([root], opts());
    expect(short(found.entries).map(([p]) => p)).toEqual(['a.JPG', 'b.Png', 'c.TIFF', 'd.jpeg', 'e.webp', 'f.avif', 'g.GIF', 'h.tif']);
  });

  test('dotfiles and files in dot-folders are ignored', async () => {
    tree('.hidden.jpg', '.cache/a.jpg', 'sub/.thumbs/b.jpg', 'sub/.c.png', 'visible.jpg', 'sub/ok.png');
    const found = await discover([root], opts({ recursive: true }));
    expect(short(found.entries)).toEqual([
      [path.join('sub', 'ok.png'), 'sub'],
      ['visible.jpg', ''],
    ]);
  });

  test('a folder named folder.jpg is not an entry (its contents are, recursively)', async () => {
    tree('folder.jpg/inside.png', 'real.jpg');
    expect(short((await discover([root], opts())).entries)).toEqual([['real.jpg', '']]);
    expect(short((await discover([root], opts({ recursive: true }))).entries)).toEqual([
      [path.join('folder.jpg', 'inside.png'), 'folder.jpg'],
      ['real.jpg', ''],
    ]);
  });

  test('a folder whose name holds glob characters is taken literally', async () => {
    tree('shots [2024] (a)/x.jpg', 'shots 2/y.jpg');
    const found = await discover([at('shots [2024] (a)')], opts());
    expect(short(found.entries)).toEqual([[path.join('shots [2024] (a)', 'x.jpg'), '']]);
  });

  test('entries are sorted by path within an argument', async () => {
    tree('c.jpg', 'B.jpg', 'a.jpg', 'a0.jpg', 'Z.png');
    const found = await discover([root], opts());
    const inputs = found.entries.map((e) => e.input);
    expect(inputs).toEqual([...inputs].sort());
    expect(inputs.map((p) => path.basename(p))).toEqual(['B.jpg', 'Z.png', 'a.jpg', 'a0.jpg', 'c.jpg']);
  });
});

describe('discover: files and globs', () => {
  test('a file whose name holds glob characters is found exactly, passed literally', async () => {
    const name = '[a] (b) *?.jpg';
    tree(name, 'a.jpg', 'b.jpg', '[a] (b) xx.jpg');
    const found = await discover([at(name)], opts());
    expect(noId(found.entries)).toEqual([{ input: at(name), rel: '', argument: at(name) }]);
  });

  test('an explicit file with a non-image extension is still returned', async () => {
    tree('photo.dat');
    const found = await discover(['photo.dat'], opts());
    expect(noId(found.entries)).toEqual([{ input: at('photo.dat'), rel: '', argument: 'photo.dat' }]);
  });

  test("a glob '<dir>/*.png' picks matching files, rel relative to the glob's folder", async () => {
    tree('imgs/a.png', 'imgs/b.PNG', 'imgs/c.jpg', 'imgs/sub/d.png');
    const pattern = `${at('imgs')}/*.png`;
    const found = await discover([pattern], opts());
    expect(short(found.entries)).toEqual([[path.join('imgs', 'a.png'), '']]);
    expect(found.entries[0]?.argument).toBe(pattern);
  });

  test('a relative ** glob gives rel relative to its static prefix', async () => {
    tree('root/sub/deep/x.jpg', 'root/sub/y.jpg', 'root/sub/deep/er/z.jpg', 'root/other/w.jpg', 'root/sub/deep/n.png');
    const found = await discover(['root/sub/**/*.jpg'], opts());
    expect(short(found.entries)).toEqual([
      [path.join('root', 'sub', 'deep', 'er', 'z.jpg'), path.join('deep', 'er')],
      [path.join('root', 'sub', 'deep', 'x.jpg'), 'deep'],
      [path.join('root', 'sub', 'y.jpg'), ''],
    ]);
  });

  test('a glob matching non-image names still keeps only image extensions', async () => {
    tree('g/a.jpg', 'g/a.txt', 'g/.b.jpg');
    const found = await discover(['g/*'], opts());
    expect(short(found.entries)).toEqual([[path.join('g', 'a.jpg'), '']]);
  });

  test('a brace glob over two folders keeps every rel inside its root (outputs stay inside --out)', async () => {
    // globBase() takes the folder common to every task fast-glob makes of a brace pattern.
    tree('a/x/1.png', 'a/y/2.png');
    const found = await discover(['a/{x,y}/*.png'], opts());
    expect(found.entries.map((e) => path.relative(root, e.input))).toEqual([path.join('a', 'x', '1.png'), path.join('a', 'y', '2.png')]);
    const out = at('out');
    for (const e of found.entries) {
      expect(e.rel.split(path.sep)).not.toContain('..');
      const output = outputPath(e, { out, format: 'keep', suffix: '' });
      expect(path.relative(out, output).startsWith('..')).toBe(false);
    }
  });

  const bases: readonly { name: string; args: string; expected: string }[] = [
    { name: 'folder/*.jpg', args: 'photos/2024/*.jpg', expected: path.join('photos', '2024') },
    { name: '**/*.jpg', args: '**/*.jpg', expected: '' },
    { name: 'a/**/b/*.png', args: 'a/**/b/*.png', expected: 'a' },
    { name: 'a/{x,y}/*.png (braces: common folder)', args: 'a/{x,y}/*.png', expected: 'a' },
    { name: '{p,q}/*.png', args: '{p,q}/*.png', expected: '' },
  ];
  test.each(bases)('globBase($name)', ({ args, expected }) => {
    expect(globBase(args, root)).toBe(path.join(root, expected));
  });
});

describe('discover: several arguments', () => {
  test('folder + the same file explicitly: appears once, first argument wins', async () => {
    tree('a.jpg', 'b.jpg');
    const found = await discover([root, 'b.jpg'], opts());
    expect(noId(found.entries)).toEqual([
      { input: at('a.jpg'), rel: '', argument: root },
      { input: at('b.jpg'), rel: '', argument: root },
    ]);
    expect(found.empty).toEqual([]);
  });

  test('the file first, then its folder: the file argument wins, the folder adds the rest', async () => {
    tree('a.jpg', 'b.jpg');
    const found = await discover(['b.jpg', root], opts());
    expect(noId(found.entries)).toEqual([
      { input: at('b.jpg'), rel: '', argument: 'b.jpg' },
      { input: at('a.jpg'), rel: '', argument: root },
    ]);
  });

  test('the same folder spelled two ways yields each file once', async () => {
    tree('x/a.jpg');
    const found = await discover(['x', at('x'), './x/'], opts());
    expect(noId(found.entries)).toEqual([{ input: at('x', 'a.jpg'), rel: '', argument: 'x' }]);
  });

  test('an argument that finds nothing while another finds files is returned in empty', async () => {
    tree('full/a.jpg', 'void/readme.txt');
    const found = await discover(['full', 'void', 'nothing/*.png'], opts());
    expect(short(found.entries)).toEqual([[path.join('full', 'a.jpg'), '']]);
    expect(found.empty).toHaveLength(2);
    expect(found.empty[0]).toMatch(/^folder .*void.* \(not recursive; -r walks subfolders\)$/);
    expect(found.empty[0]).toContain(at('void'));
    expect(found.empty[1]).toBe(`glob "nothing/*.png" (from ${root})`);
  });
});

describe('discover: the output folder', () => {
  const skipped = (entries: readonly Discovered[]): [string, string | undefined][] => entries.map((e) => [path.relative(root, e.input), e.skip]);

  test('the out folder inside a recursive input folder: its files are skipped records, never inputs', async () => {
    tree('a.jpg', 'sub/b.jpg', 'out/a.jpg', 'out/sub/b.jpg');
    const found = await discover([root], opts({ recursive: true, outputRoot: at('out') }));
    expect(skipped(found.entries)).toEqual([
      ['a.jpg', undefined],
      [path.join('out', 'a.jpg'), 'inside-output-root'],
      [path.join('out', 'sub', 'b.jpg'), 'inside-output-root'],
      [path.join('sub', 'b.jpg'), undefined],
    ]);
  });

  test('glob matches inside it are skipped, but not a sibling with the same prefix', async () => {
    tree('out/x.jpg', 'outside/y.jpg');
    const found = await discover(['*/*.jpg'], opts({ outputRoot: at('out') }));
    expect(skipped(found.entries)).toEqual([
      [path.join('out', 'x.jpg'), 'inside-output-root'],
      [path.join('outside', 'y.jpg'), undefined],
    ]);
  });

  test('an output folder above the searched folder leaves nothing out', async () => {
    tree('photos/small/a.png');
    const found = await discover(['photos/small'], opts({ outputRoot: at('photos') }));
    expect(short(found.entries)).toEqual([[path.join('photos', 'small', 'a.png'), '']]);
    expect(found.entries[0]?.skip).toBeUndefined();
  });

  test('a file named explicitly is taken even inside the output folder', async () => {
    tree('out/x.jpg');
    const found = await discover(['out/x.jpg'], opts({ outputRoot: at('out') }));
    expect(skipped(found.entries)).toEqual([[path.join('out', 'x.jpg'), undefined]]);
  });

  test.each([
    { name: 'a link to the output folder inside the input folder', link: 'in/small', to: 'out' },
    { name: 'a link to a folder that holds the output folder', link: 'in/up', to: '.' },
  ])('the output folder reached through $name is left out by real path', async ({ link, to }) => {
    tree('in/a.jpg', 'out/a.jpg');
    fs.symlinkSync(path.resolve(root, to), at(link));
    const found = await discover(['in'], opts({ recursive: true, followExternalSymlinks: true, outputRoot: at('out') }));
    const processed = found.entries.filter((e) => e.skip === undefined && e.failure === undefined);
    expect(processed.map((e) => path.relative(root, e.input))).toEqual([path.join('in', 'a.jpg')]);
    expect(found.entries.some((e) => e.skip === 'inside-output-root')).toBe(true);
  });
});

describe('discover: special files', () => {
  const mkfifo = (file: string): void => {
    execFileSync('mkfifo', [file]);
  };

  test('a FIFO named pipe.jpg in a folder walk is returned with skip not-regular-file', async () => {
    tree('a.jpg');
    mkfifo(at('pipe.jpg'));
    const found = await discover([root], opts());
    expect(noId(found.entries)).toEqual([
      { input: at('a.jpg'), rel: '', argument: root },
      { input: at('pipe.jpg'), rel: '', argument: root, skip: 'not-regular-file' },
    ]);
  });

  test('a FIFO passed explicitly is returned with skip not-regular-file (never opened)', async () => {
    mkfifo(at('pipe.jpg'));
    const found = await discover([at('pipe.jpg')], opts());
    expect(noId(found.entries)).toEqual([{ input: at('pipe.jpg'), rel: '', argument: at('pipe.jpg'), skip: 'not-regular-file' }]);
  });

  test('a symlink to a file outside the folder is skipped as outside-input-root, and followed when asked', async () => {
    tree('real/target.jpg', 'photos/a.jpg');
    fs.symlinkSync(at('real', 'target.jpg'), at('photos', 'link.jpg'));
    const found = await discover(['photos'], opts());
    expect(noId(found.entries)).toEqual([
      { input: at('photos', 'a.jpg'), rel: '', argument: 'photos' },
      { input: at('photos', 'link.jpg'), rel: '', argument: 'photos', skip: 'outside-input-root' },
    ]);
    const followed = await discover(['photos'], opts({ followExternalSymlinks: true }));
    expect(noId(followed.entries)).toEqual([
      { input: at('photos', 'a.jpg'), rel: '', argument: 'photos' },
      { input: at('photos', 'link.jpg'), rel: '', argument: 'photos', source: at('real', 'target.jpg') },
    ]);
  });

  test('a symlink to a file inside the folder reaches it once: the link is skipped as duplicate', async () => {
    tree('photos/a.jpg');
    fs.symlinkSync('a.jpg', at('photos', 'b-link.jpg'));
    fs.symlinkSync(at('photos', 'a.jpg'), at('photos', '0-link.jpg')); // sorts before its target
    const found = await discover(['photos'], opts());
    expect(noId(found.entries)).toEqual([
      { input: at('photos', '0-link.jpg'), rel: '', argument: 'photos', skip: 'duplicate' },
      { input: at('photos', 'a.jpg'), rel: '', argument: 'photos' },
      { input: at('photos', 'b-link.jpg'), rel: '', argument: 'photos', skip: 'duplicate' },
    ]);
  });

  test('a symlink inside the folder to a file not found otherwise (a dotfile) is processed through the link', async () => {
    tree('photos/.hidden.jpg');
    fs.symlinkSync('.hidden.jpg', at('photos', 'shown.jpg'));
    const found = await discover(['photos'], opts());
    expect(noId(found.entries)).toEqual([{ input: at('photos', 'shown.jpg'), rel: '', argument: 'photos', source: at('photos', '.hidden.jpg') }]);
  });

  test('a dangling symlink fails with DANGLING_SYMLINK, in a folder or named explicitly', async () => {
    tree('photos/a.jpg');
    fs.symlinkSync(at('gone.jpg'), at('photos', 'dangling.jpg'));
    const found = await discover(['photos', 'photos/dangling.jpg'], opts());
    expect(noId(found.entries)).toEqual([
      { input: at('photos', 'a.jpg'), rel: '', argument: 'photos' },
      {
        input: at('photos', 'dangling.jpg'),
        rel: '',
        argument: 'photos',
        failure: { code: 'DANGLING_SYMLINK', message: expect.stringMatching(/dangling symbolic link/) },
      },
    ]);
  });

  test('a symlink loop fails with SYMLINK_LOOP instead of hanging', async () => {
    fs.mkdirSync(at('photos'));
    fs.symlinkSync('b.jpg', at('photos', 'a.jpg'));
    fs.symlinkSync('a.jpg', at('photos', 'b.jpg'));
    const found = await discover(['photos'], opts());
    expect(found.entries.map((e) => [path.basename(e.input), e.failure?.code])).toEqual([
      ['a.jpg', 'SYMLINK_LOOP'],
      ['b.jpg', 'SYMLINK_LOOP'],
    ]);
  });

  test('a folder loop (link to an ancestor) never hangs and never duplicates records', async () => {
    tree('photos/a.jpg', 'photos/sub/b.jpg');
    fs.symlinkSync('..', at('photos', 'sub', 'up'));
    fs.symlinkSync(root, at('photos', 'sub', 'root-link'));
    const found = await discover(['photos'], opts({ recursive: true, followExternalSymlinks: true }));
    const inputs = found.entries.map((e) => path.relative(root, e.input));
    expect(new Set(inputs).size).toBe(inputs.length);
    expect(inputs).toEqual(expect.arrayContaining([path.join('photos', 'a.jpg'), path.join('photos', 'sub', 'b.jpg')]));
  });

  test('a symlink to a folder outside: skipped with -r (outside-input-root), walked with followExternalSymlinks', async () => {
    tree('real/inner.png', 'photos/a.jpg');
    fs.symlinkSync(at('real'), at('photos', 'linked'));
    const flat = await discover(['photos'], opts());
    expect(short(flat.entries)).toEqual([[path.join('photos', 'a.jpg'), '']]);
    const deep = await discover(['photos'], opts({ recursive: true }));
    expect(noId(deep.entries)).toEqual([
      { input: at('photos', 'a.jpg'), rel: '', argument: 'photos' },
      { input: at('photos', 'linked'), rel: '', argument: 'photos', skip: 'outside-input-root' },
    ]);
    const followed = await discover(['photos'], opts({ recursive: true, followExternalSymlinks: true }));
    expect(short(followed.entries)).toEqual([
      [path.join('photos', 'a.jpg'), ''],
      [path.join('photos', 'linked', 'inner.png'), 'linked'],
    ]);
  });

  test('a symlink to a folder inside the root is not walked twice', async () => {
    tree('photos/sub/x.jpg');
    fs.symlinkSync('sub', at('photos', 'again'));
    const found = await discover(['photos'], opts({ recursive: true }));
    expect(short(found.entries)).toEqual([[path.join('photos', 'sub', 'x.jpg'), 'sub']]);
  });

  test('an unreadable folder is a PERMISSION_DENIED failure and the walk goes on (as non-root)', async () => {
    if (process.getuid?.() === 0) {
      // root reads everything: the CLI hostile suite checks this case as an unprivileged user.
      return;
    }
    tree('photos/a.jpg', 'photos/locked/b.jpg');
    fs.chmodSync(at('photos', 'locked'), 0o000);
    try {
      const found = await discover(['photos'], opts({ recursive: true }));
      expect(found.entries.map((e) => [path.basename(e.input), e.failure?.code])).toEqual([
        ['a.jpg', undefined],
        ['locked', 'PERMISSION_DENIED'],
      ]);
    } finally {
      fs.chmodSync(at('photos', 'locked'), 0o755);
    }
  });

  test('a symlink to a directory passed explicitly is walked as a folder', async () => {
    tree('real/inner.png');
    fs.symlinkSync(at('real'), at('alias'));
    const found = await discover(['alias'], opts());
    expect(noId(found.entries)).toEqual([{ input: at('alias', 'inner.png'), rel: '', argument: 'alias', source: at('real', 'inner.png') }]);
  });
});

describe('discover: nothing found', () => {
  test('no inputs → UsageError NO_INPUTS naming the folder and the glob it looked in', async () => {
    tree('empty/readme.txt');
    const err = await usageError(discover(['empty', 'shots/*.png'], opts()));
    expect(err.code).toBe('NO_INPUTS');
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^Expected at least one image but found none\. Looked in:\n/);
    expect(err.message).toContain(`  folder ${at('empty')} (not recursive; -r walks subfolders)`);
    expect(err.message).toContain(`  glob "shots/*.png" (from ${root})`);
    expect(err.message).toMatch(/jpg, jpeg, png, webp, gif, tif, tiff, avif, svg \(any case, dotfiles ignored\)/);
  });

  test('a recursive folder says it looked recursively', async () => {
    const err = await usageError(discover([root], opts({ recursive: true })));
    expect(err.message).toContain(`folder ${root} (recursively)`);
  });

  test('only paths that do not exist: NO_INPUTS names each, and why, then where it looked', async () => {
    tree('photos/silk.png', 'empty/readme.txt');
    const err = await usageError(discover(['photos/Silkk.png', 'phtos/a.jpg', 'empty', 'nope/*.jpg'], opts()));
    expect(err.code).toBe('NO_INPUTS');
    expect(err.message).toMatch(/^Expected at least one image but found none\.\nThese paths do not exist/);
    expect(err.message).toContain(`  ${at('photos', 'Silkk.png')} (nothing named "Silkk.png" in ${at('photos')})`);
    expect(err.message).toContain(`  ${at('phtos', 'a.jpg')} (the folder ${at('phtos')} does not exist)`);
    expect(err.message).toMatch(/Looked in:\n {2}folder .*empty .*\n {2}glob "nope\/\*\.jpg"/);
  });

  test('when every file found lies in the output folder, each is a skipped record', async () => {
    tree('in/out/a.jpg');
    const found = await discover(['in'], opts({ recursive: true, outputRoot: at('in', 'out') }));
    expect(found.entries.map((e) => [path.relative(root, e.input), e.skip])).toEqual([[path.join('in', 'out', 'a.jpg'), 'inside-output-root']]);
  });

  test('an output folder equal to the searched folder leaves nothing out (the plan refuses overwrites)', async () => {
    tree('same/a.jpg');
    const found = await discover(['same'], opts({ outputRoot: at('same') }));
    expect(found.entries.map((e) => e.input)).toEqual([at('same', 'a.jpg')]);
  });
});

describe('discover: does not touch the tree', () => {
  test('discovery only reads', async () => {
    tree('a.jpg', 'sub/b.png', 'notes.txt');
    const before = listFiles(root);
    await discover([root, 'sub/*.png'], opts({ recursive: true }));
    expect(listFiles(root)).toEqual(before);
  });
});
