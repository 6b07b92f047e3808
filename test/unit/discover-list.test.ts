/**
 * Discovery of a `--files-from` list: every listed path gets one entry, by the rules every input
 * follows (symbolic links, the output folder, duplicates, special files), with `rel` from the
 * list's root. Nothing is decoded: image files here hold any bytes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { discoverList, listedRel, listRoot, type ListDiscoverOptions } from '../../src/batch/discover-list';
import { pathBytes } from '../../src/core/names';
import type { Discovered } from '../../src/core/types';
import { tempDir, writeTree } from '../helpers/fixtures';

let root: string;
beforeEach(() => {
  root = tempDir('imgbatch-list-');
});

const at = (...parts: string[]): string => path.join(root, ...parts);
const tree = (...names: string[]): void => writeTree(root, Object.fromEntries(names.map((n) => [n, 'not really an image'])));
const opts = (overrides: Partial<ListDiscoverOptions> = {}): ListDiscoverOptions => ({ cwd: root, recursive: false, ...overrides });
/** Entries as [path relative to root, rel, skip or failure code], for compact assertions. */
const short = (entries: readonly Discovered[]): [string, string, string | undefined][] =>
  entries.map((e) => [path.relative(root, e.input), e.rel, e.skip ?? e.failure?.code]);

describe('discoverList', () => {
  test('paths in list order, resolved against cwd, rel from the deepest common folder', async () => {
    tree('p/2024/b.jpg', 'p/a.png', 'p/2023/x/c.gif');
    const found = await discoverList(['p/2024/b.jpg', at('p', 'a.png'), './p/2023/x/c.gif'], opts());
    expect(short(found.entries)).toEqual([
      [path.join('p', '2024', 'b.jpg'), '2024', undefined],
      [path.join('p', 'a.png'), '', undefined],
      [path.join('p', '2023', 'x', 'c.gif'), path.join('2023', 'x'), undefined],
    ]);
    expect(found.roots).toEqual([at('p')]);
    expect(found.entries.every((e) => e.id !== undefined && e.bytes === 19)).toBe(true);
  });

  test('root given: rel from it; a path outside it fails OUTSIDE_ROOT, naming the root', async () => {
    tree('p/2024/b.jpg', 'q/c.jpg');
    const found = await discoverList(['p/2024/b.jpg', 'q/c.jpg'], opts({ root: at('p') }));
    expect(short(found.entries)).toEqual([
      [path.join('p', '2024', 'b.jpg'), '2024', undefined],
      [path.join('q', 'c.jpg'), '', 'OUTSIDE_ROOT'],
    ]);
    expect(found.entries[1]?.failure?.message).toContain(`outside the list's root ${at('p')}`);
  });

  test('every path is literal: glob characters, names that exist or not', async () => {
    tree('star[1].webp', 'a.jpg');
    const found = await discoverList(['star[1].webp', '*.jpg', 'missing/b.jpg'], opts());
    expect(short(found.entries)).toEqual([
      ['star[1].webp', '', undefined],
      ['*.jpg', '', 'NOT_FOUND'],
      [path.join('missing', 'b.jpg'), '', 'NOT_FOUND'],
    ]);
    expect(found.entries[2]?.failure?.message).toMatch(/^no such file or folder: the folder .*missing does not exist$/);
  });

  test('a folder fails NOT_REGULAR_FILE saying a list names files; a FIFO is skipped, never opened', async () => {
    tree('p/a.jpg');
    execFileSync('mkfifo', [at('p', 'pipe.jpg')]);
    // `find p` lists p itself: the folder holding every listed path is then p's parent.
    const found = await discoverList(['p', 'p/pipe.jpg', 'p/a.jpg'], opts());
    expect(short(found.entries)).toEqual([
      ['p', '', 'NOT_REGULAR_FILE'],
      [path.join('p', 'pipe.jpg'), 'p', 'not-regular-file'],
      [path.join('p', 'a.jpg'), 'p', undefined],
    ]);
    expect(found.entries[0]?.failure?.message).toMatch(/a --files-from list names files, not folders \(find … -type f/);
  });

  test('a link leaving the root is skipped, and followed when asked; dangling links and loops fail', async () => {
    tree('p/a.jpg', 'outside/secret.jpg');
    fs.symlinkSync(at('outside', 'secret.jpg'), at('p', 'out-link.jpg'));
    fs.symlinkSync(at('gone.jpg'), at('p', 'dangling.jpg'));
    fs.symlinkSync('loop-b.jpg', at('p', 'loop-a.jpg'));
    fs.symlinkSync('loop-a.jpg', at('p', 'loop-b.jpg'));
    const list = ['p/a.jpg', 'p/out-link.jpg', 'p/dangling.jpg', 'p/loop-a.jpg'];
    expect(short((await discoverList(list, opts())).entries)).toEqual([
      [path.join('p', 'a.jpg'), '', undefined],
      [path.join('p', 'out-link.jpg'), '', 'outside-input-root'],
      [path.join('p', 'dangling.jpg'), '', 'DANGLING_SYMLINK'],
      [path.join('p', 'loop-a.jpg'), '', 'SYMLINK_LOOP'],
    ]);
    const followed = await discoverList(list.slice(0, 2), opts({ followExternalSymlinks: true }));
    expect(followed.entries[1]).toMatchObject({ input: at('p', 'out-link.jpg'), source: at('outside', 'secret.jpg') });
    expect(followed.entries[1]?.skip).toBeUndefined();
  });

  test('a path listed twice is one entry; a link to a listed file is skipped as duplicate', async () => {
    tree('p/a.jpg');
    fs.symlinkSync('a.jpg', at('p', 'link.jpg'));
    const found = await discoverList(['p/link.jpg', 'p/a.jpg', './p/a.jpg'], opts());
    expect(short(found.entries)).toEqual([
      [path.join('p', 'link.jpg'), '', 'duplicate'],
      [path.join('p', 'a.jpg'), '', undefined],
    ]);
  });

  test('files in the output folder, when it lies inside the root, are skipped as inside-output-root', async () => {
    tree('p/a.jpg', 'p/small/a.jpg');
    const found = await discoverList(['p/a.jpg', 'p/small/a.jpg'], opts({ outputRoot: at('p', 'small') }));
    expect(short(found.entries)).toEqual([
      [path.join('p', 'a.jpg'), '', undefined],
      [path.join('p', 'small', 'a.jpg'), 'small', 'inside-output-root'],
    ]);
  });

  test('a name that is not UTF-8 keeps its bytes', async () => {
    const name = Buffer.concat([Buffer.from(`${root}/x`), Buffer.from([0xff]), Buffer.from('.jpg')]);
    fs.writeFileSync(name, 'bytes');
    const found = await discoverList(['x\udcff.jpg'], opts());
    expect(found.entries).toHaveLength(1);
    expect(found.entries[0]?.failure).toBeUndefined();
    expect(pathBytes(found.entries[0]?.input ?? '')).toEqual(name);
  });

  test('an empty list finds nothing (the caller refuses it before)', async () => {
    expect(await discoverList([], opts())).toEqual({ entries: [], empty: [], roots: [] });
  });
});

describe('the root of a list and where each output goes', () => {
  const roots: readonly { name: string; paths: readonly string[]; root?: string; expected: string }[] = [
    { name: 'one file: its folder', paths: ['/p/a.jpg'], expected: '/p' },
    { name: 'siblings: their folder', paths: ['/p/a.jpg', '/p/b.jpg'], expected: '/p' },
    { name: 'nested: the shallower folder', paths: ['/p/2024/a.jpg', '/p/b.jpg', '/p/2024/x/c.jpg'], expected: '/p' },
    { name: 'cousins: the common parent', paths: ['/p/2023/a.jpg', '/p/2024/b.jpg'], expected: '/p' },
    { name: 'prefix of a name is no parent', paths: ['/p/ab/a.jpg', '/p/abc/b.jpg'], expected: '/p' },
    { name: 'nothing shared but /', paths: ['/p/a.jpg', '/q/b.jpg'], expected: '/' },
    { name: '--root wins', paths: ['/p/2024/a.jpg'], root: '/p', expected: '/p' },
  ];
  test.each(roots)('$name → $expected', ({ paths, root, expected }) => {
    expect(listRoot(paths, root)).toBe(expected);
  });

  const rels: readonly { name: string; input: string; realDir: string; expected: string | undefined }[] = [
    { name: 'directly in the root', input: '/p/a.jpg', realDir: '/p', expected: '' },
    { name: 'below the root', input: '/p/2024/x/a.jpg', realDir: '/p/2024/x', expected: path.join('2024', 'x') },
    { name: 'outside the root', input: '/q/a.jpg', realDir: '/q', expected: undefined },
    { name: 'the root folder itself is no file in it', input: '/p', realDir: '/', expected: undefined },
    { name: 'outside as written, inside by its real folder', input: '/link/sub/a.jpg', realDir: '/real/p/sub', expected: 'sub' },
    { name: 'inside as written, wherever a link leads', input: '/p/sub/a.jpg', realDir: '/elsewhere', expected: 'sub' },
  ];
  test.each(rels)('$name → $expected', ({ input, realDir, expected }) => {
    expect(listedRel(input, '/p', '/real/p', realDir)).toBe(expected);
  });
});
