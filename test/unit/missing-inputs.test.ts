import fs from 'node:fs';
import path from 'node:path';
import { discover, type DiscoverOptions } from '../../src/batch/discover';
import { isGlobPattern } from '../../src/batch/missing';
import type { Discovered } from '../../src/core/types';
import { tempDir, writeTree } from '../helpers/fixtures';

// Discovery never decodes: image files here hold any bytes.
let root: string;
beforeEach(() => {
  root = tempDir('imgbatch-missing-');
});

const at = (...parts: string[]): string => path.join(root, ...parts);
const tree = (...names: string[]): void => writeTree(root, Object.fromEntries(names.map((n) => [n, 'not really an image'])));
const opts = (): DiscoverOptions => ({ cwd: root, recursive: false });
const short = (entries: readonly Discovered[]): [string, string][] => entries.map((e) => [path.relative(root, e.input), e.rel]);

describe('discover: an argument with no glob characters that names nothing', () => {
  // Each is a path (fast-glob sees no glob characters in it) that does not exist: a failed entry
  // NOT_FOUND naming what is missing, never a glob that matched nothing.
  const cases: readonly { name: string; argument: string; message: RegExp }[] = [
    { name: 'a typo in a file name', argument: 'photos/Silkk.png', message: /^no such file or folder: nothing named "Silkk\.png" in .*photos$/ },
    { name: 'a typo in a folder on the way', argument: 'phtos/silk.png', message: /^no such file or folder: the folder .*phtos does not exist$/ },
    { name: 'a missing folder argument', argument: 'albums', message: /^no such file or folder: nothing named "albums" in / },
    { name: 'a missing folder with a trailing slash', argument: 'albums/', message: /^no such file or folder: nothing named "albums" in / },
    { name: 'a path through a file', argument: 'photos/silk.png/x.png', message: /^no such file or folder: .*silk\.png is a file, not a folder$/ },
    { name: 'a name without an extension', argument: 'README', message: /^no such file or folder: nothing named "README"/ },
    {
      name: 'parentheses and ! in the middle (no glob to fast-glob)',
      argument: 'photos/(1) a!b.jpg',
      message: /^no such file or folder: nothing named "\(1\) a!b\.jpg"/,
    },
    { name: 'a second filter name typed as an input', argument: 'sepia', message: /"sepia" is not a file: filter takes one filter name/ },
    { name: 'a command name typed as an input', argument: 'thumbnail', message: /"thumbnail" is not a file: imgbatch runs one command at a time/ },
  ];

  test.each(cases)('$name ($argument) → failed NOT_FOUND, the others still found', async ({ argument, message }) => {
    tree('photos/silk.png');
    expect(isGlobPattern(argument)).toBe(false);
    const found = await discover(['photos', argument], opts());
    expect(short(found.entries)).toEqual([
      ['photos/silk.png', ''],
      [path.relative(root, path.resolve(root, argument)), ''],
    ]);
    const missing = found.entries[1];
    expect(missing).toMatchObject({ argument, failure: { code: 'NOT_FOUND' } });
    expect(missing?.failure?.message).toMatch(message);
    // Not an empty glob: no warning, and it is not a folder searched.
    expect(found.empty).toEqual([]);
    expect(found.roots).toEqual([at('photos')]);
  });

  test.each(['nope/*.jpg', 'photo?.png', '{a,b}.png', 'star[1].webp', '**/*.tiff', 'a\\b.png', '@(x).png'])(
    'a glob that matches nothing (%s) keeps the warning, not a failure',
    async (glob) => {
      tree('photos/silk.png');
      expect(isGlobPattern(glob)).toBe(true);
      const found = await discover(['photos', glob], opts());
      expect(short(found.entries)).toEqual([['photos/silk.png', '']]);
      expect(found.empty).toEqual([expect.stringMatching(/^glob /)]);
    },
  );

  test('an existing path with glob characters is still literal', async () => {
    tree('star[1].webp', 'x{a,b}.png');
    const found = await discover(['star[1].webp', 'x{a,b}.png'], opts());
    expect(short(found.entries)).toEqual([
      ['star[1].webp', ''],
      ['x{a,b}.png', ''],
    ]);
  });

  test('a folder that may not be entered: PERMISSION_DENIED, not NOT_FOUND', async () => {
    if (process.getuid?.() === 0) return; // root reads anything
    tree('photos/silk.png', 'locked/a.png');
    fs.chmodSync(at('locked'), 0o000);
    try {
      const found = await discover(['photos', 'locked/a.png'], opts());
      expect(found.entries[1]).toMatchObject({ failure: { code: 'PERMISSION_DENIED' } });
    } finally {
      fs.chmodSync(at('locked'), 0o755);
    }
  });
});
