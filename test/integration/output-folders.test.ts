import fs from 'node:fs';
import path from 'node:path';
import { processJob } from '../../src/job/process-job';
import { fileIOWith } from '../../src/job/file-io';
import { openOutputFolder, writeIntoFolder } from '../../src/job/output-dir';
import { asyncSys, blockingSys, fdPath } from '../../src/job/sys';
import { tempDir } from '../helpers/fixtures';
import { jpeg } from '../helpers/hostile';
import { fileIOs, ioJob, onLinux, openFds, snapshot, withoutProcFd } from '../helpers/io';

const allIOs = [...fileIOs, { io: 'blocking without /proc/self/fd', fileIO: withoutProcFd }];

/** `in/a.jpg`, an empty `out/`, and `outside/` (optionally holding a file named like the output). */
async function tree(): Promise<string> {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'in'));
  fs.mkdirSync(path.join(root, 'out'));
  fs.mkdirSync(path.join(root, 'outside'));
  fs.writeFileSync(path.join(root, 'in', 'a.jpg'), await jpeg(32, 32));
  return root;
}

interface LinkCase {
  name: string;
  /** The output, relative to the tree; the output root is `out` unless `outputRoot` says. */
  output: string;
  outputRoot?: string;
  /** Links to make: `[where, target]`, relative to the tree (targets made absolute unless `relative`). */
  links: [string, string][];
  relative?: boolean;
  /** The component the message must name. */
  names: string;
  /** Put a file named like the output in the outside folder first. */
  existing: boolean;
}

const linkCases: LinkCase[] = [
  { name: 'out/sub is a link to a folder outside', output: 'out/sub/a.jpg', links: [['out/sub', 'outside']], names: 'out/sub', existing: false },
  {
    name: 'out/sub is a link to a folder outside holding a file of the same name',
    output: 'out/sub/a.jpg',
    links: [['out/sub', 'outside']],
    names: 'out/sub',
    existing: true,
  },
  { name: 'out/sub is a relative link', output: 'out/sub/a.jpg', links: [['out/sub', '../outside']], relative: true, names: 'out/sub', existing: true },
  { name: 'a deeper folder, out/a/b, is a link', output: 'out/a/b/c/a.jpg', links: [['out/a/b', 'outside']], names: 'out/a/b', existing: false },
  { name: 'the last folder, out/a/b, is a link', output: 'out/a/b/a.jpg', links: [['out/a/b', 'outside']], names: 'out/a/b', existing: true },
  {
    name: 'the output root itself is a link',
    output: 'link-root/a.jpg',
    outputRoot: 'link-root',
    links: [['link-root', 'outside']],
    names: 'link-root',
    existing: true,
  },
];

describe('outputs are written only in real folders under the output root', () => {
  test.each(allIOs.flatMap(({ io, fileIO }) => linkCases.map((c) => ({ ...c, io, fileIO }))))('$io: $name → UNSAFE_OUTPUT_PATH', async (c) => {
    const root = await tree();
    const at = (rel: string): string => path.join(root, rel);
    if (c.existing) fs.writeFileSync(at('outside/a.jpg'), 'the outside file');
    for (const [where, target] of c.links) {
      fs.mkdirSync(path.dirname(at(where)), { recursive: true });
      fs.symlinkSync(c.relative === true ? target : at(target), at(where));
    }
    const before = snapshot(at('outside'));
    const result = await processJob(ioJob(at('in/a.jpg'), at(c.output), { outputRoot: at(c.outputRoot ?? 'out') }), c.fileIO);
    expect(result).toMatchObject({ status: 'failed', outputs: [], error: { code: 'UNSAFE_OUTPUT_PATH' } });
    const message = result.status === 'failed' ? result.error.message : '';
    expect(message).toBe(`cannot write the output: ${at(c.names)} is a symbolic link (outputs are written only in real folders under the output folder)`);
    expect(snapshot(at('outside'))).toEqual(before);
  });

  test.each(allIOs)('$io: the final name being a link is replaced (the link, not its target)', async ({ fileIO }) => {
    const root = await tree();
    fs.writeFileSync(path.join(root, 'outside', 'target.jpg'), 'the outside file');
    fs.symlinkSync(path.join(root, 'outside', 'target.jpg'), path.join(root, 'out', 'a.jpg'));
    const result = await processJob(ioJob(path.join(root, 'in', 'a.jpg'), path.join(root, 'out', 'a.jpg'), { outputRoot: path.join(root, 'out') }), fileIO);
    expect(result).toMatchObject({ status: 'ok' });
    expect(fs.lstatSync(path.join(root, 'out', 'a.jpg')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(root, 'outside', 'target.jpg'), 'utf8')).toBe('the outside file');
  });

  test.each(allIOs)('$io: real nested folders are created, and existing ones used; nothing else is left', async ({ fileIO }) => {
    const root = await tree();
    fs.mkdirSync(path.join(root, 'out', 'a'));
    const fdsBefore = onLinux ? openFds() : 0;
    for (const name of ['x.jpg', 'y.jpg']) {
      const output = path.join(root, 'out', 'a', 'b', 'c', name);
      expect(await processJob(ioJob(path.join(root, 'in', 'a.jpg'), output, { outputRoot: path.join(root, 'out') }), fileIO)).toMatchObject({
        status: 'ok',
        outputs: [{ path: output }],
      });
    }
    if (onLinux) expect(openFds()).toBeLessThanOrEqual(fdsBefore);
    expect(Object.entries(snapshot(path.join(root, 'out'))).map(([rel, kind]) => `${rel} ${kind.split(' ')[0] ?? ''}`)).toEqual([
      'a folder',
      'a/b folder',
      'a/b/c folder',
      'a/b/c/x.jpg file',
      'a/b/c/y.jpg file',
    ]);
  });

  test.each(allIOs)('$io: a file where a folder should be fails as WRITE_FAILED, naming it', async ({ fileIO }) => {
    const root = await tree();
    fs.writeFileSync(path.join(root, 'out', 'sub'), 'a file');
    const result = await processJob(
      ioJob(path.join(root, 'in', 'a.jpg'), path.join(root, 'out', 'sub', 'a.jpg'), { outputRoot: path.join(root, 'out') }),
      fileIO,
    );
    expect(result).toMatchObject({
      status: 'failed',
      error: { code: 'WRITE_FAILED', message: `cannot write the output: ${path.join(root, 'out', 'sub')} is not a folder` },
    });
  });

  test.each([
    { io: 'async', sys: asyncSys, procFd: true },
    { io: 'blocking', sys: blockingSys, procFd: true },
    { io: 'blocking without /proc/self/fd', sys: blockingSys, procFd: false },
  ])('$io: a failing rename leaves no temporary and no descriptor behind', async ({ sys, procFd }) => {
    const root = await tree();
    const eio = (): Promise<void> => Promise.reject(Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' }));
    const fileIO = fileIOWith({ ...sys, rename: eio }, procFd);
    const fdsBefore = onLinux ? openFds() : 0;
    const result = await processJob(
      ioJob(path.join(root, 'in', 'a.jpg'), path.join(root, 'out', 'sub', 'a.jpg'), { outputRoot: path.join(root, 'out') }),
      fileIO,
    );
    expect(result).toMatchObject({ status: 'failed', error: { code: 'WRITE_FAILED', message: 'cannot write the output: input/output error (EIO)' } });
    if (onLinux) expect(openFds()).toBeLessThanOrEqual(fdsBefore);
    expect(snapshot(path.join(root, 'out'))).toEqual({ sub: 'folder' });
  });

  test.each(allIOs)('$io: an output outside its root is refused', async ({ fileIO }) => {
    const root = await tree();
    const result = await processJob(ioJob(path.join(root, 'in', 'a.jpg'), path.join(root, 'outside', 'a.jpg'), { outputRoot: path.join(root, 'out') }), fileIO);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'UNSAFE_OUTPUT_PATH' } });
    expect(fs.readdirSync(path.join(root, 'outside'))).toEqual([]);
  });
});

(onLinux ? describe : describe.skip)('a folder held open stays the one written into (Linux)', () => {
  test.each([
    { io: 'async', sys: asyncSys },
    { io: 'blocking', sys: blockingSys },
  ])('$io: swapped for a link after it was opened, the write still lands in the real folder', async ({ sys }) => {
    const root = await tree();
    const out = path.join(root, 'out');
    const target = { output: path.join(out, 'sub', 'deep', 'a.jpg'), outputRoot: out };
    const fd = await openOutputFolder(sys, target);
    try {
      // The race, made certain: the folders are renamed away and a link put in their place.
      fs.renameSync(path.join(out, 'sub'), path.join(root, 'moved'));
      fs.symlinkSync(path.join(root, 'outside'), path.join(out, 'sub'));
      fs.mkdirSync(path.join(root, 'outside', 'deep'));
      await writeIntoFolder(sys, fd, target.output, Buffer.from('the output'));
      expect(fs.realpathSync(fdPath(fd))).toBe(path.join(root, 'moved', 'deep'));
    } finally {
      fs.closeSync(fd);
    }
    expect(snapshot(path.join(root, 'outside'))).toEqual({ deep: 'folder' });
    expect(fs.readdirSync(path.join(root, 'moved', 'deep'))).toEqual(['a.jpg']);
    expect(fs.readFileSync(path.join(root, 'moved', 'deep', 'a.jpg'), 'utf8')).toBe('the output');
  });
});
