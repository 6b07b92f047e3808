import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { processJob } from '../../src/job/process-job';
import { tempDir } from '../helpers/fixtures';
import { jpeg } from '../helpers/hostile';
import { fileIOs, idOf, ioJob, onLinux, openFds, withoutProcFd } from '../helpers/io';

const allIOs = [...fileIOs, { io: 'blocking without /proc/self/fd', fileIO: withoutProcFd }];

/**
 * The tree each case starts from: `in/a.jpg` (blue) is what discovery saw; `outside/` holds a red
 * image that must never be read in its place.
 */
async function tree(): Promise<string> {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'in', 'sub'), { recursive: true });
  fs.mkdirSync(path.join(root, 'outside'));
  const blue = await jpeg(32, 32, '#0000ff');
  fs.writeFileSync(path.join(root, 'in', 'a.jpg'), blue);
  fs.writeFileSync(path.join(root, 'in', 'sub', 'a.jpg'), blue);
  fs.writeFileSync(path.join(root, 'outside', 'a.jpg'), await jpeg(32, 32, '#ff0000'));
  fs.writeFileSync(path.join(root, 'in', 'other.jpg'), await jpeg(32, 32, '#00ff00'));
  return root;
}

interface Case {
  name: string;
  /** The input as discovery found it (relative to the tree), and the real path it resolved. */
  input: string;
  source?: string;
  /** What happens between discovery and processing. */
  change: (root: string) => void;
  expected: 'ok' | 'changed-during-run';
}

const at = (root: string, ...parts: string[]): string => path.join(root, ...parts);

describe('the worker reads only the file discovery saw', () => {
  const cases: Case[] = [
    { name: 'an unchanged input', input: 'in/a.jpg', change: () => undefined, expected: 'ok' },
    {
      name: 'an unchanged input found through a link (opened by its real path)',
      input: 'in/link.jpg',
      source: 'in/a.jpg',
      change: () => undefined,
      expected: 'ok',
    },
    {
      name: 'replaced by a symlink to a file outside',
      input: 'in/a.jpg',
      change: (root) => {
        fs.unlinkSync(at(root, 'in/a.jpg'));
        fs.symlinkSync(at(root, 'outside/a.jpg'), at(root, 'in/a.jpg'));
      },
      expected: 'changed-during-run',
    },
    {
      name: 'replaced by a relative symlink to a file outside',
      input: 'in/a.jpg',
      change: (root) => {
        fs.unlinkSync(at(root, 'in/a.jpg'));
        fs.symlinkSync('../outside/a.jpg', at(root, 'in/a.jpg'));
      },
      expected: 'changed-during-run',
    },
    {
      name: 'its real path (source) replaced by a symlink',
      input: 'in/link.jpg',
      source: 'in/a.jpg',
      change: (root) => {
        fs.unlinkSync(at(root, 'in/a.jpg'));
        fs.symlinkSync(at(root, 'outside/a.jpg'), at(root, 'in/a.jpg'));
      },
      expected: 'changed-during-run',
    },
    {
      name: 'another regular file renamed over it',
      input: 'in/a.jpg',
      change: (root) => fs.renameSync(at(root, 'in/other.jpg'), at(root, 'in/a.jpg')),
      expected: 'changed-during-run',
    },
    {
      name: 'replaced by a hard link to a file outside',
      input: 'in/a.jpg',
      change: (root) => {
        fs.unlinkSync(at(root, 'in/a.jpg'));
        fs.linkSync(at(root, 'outside/a.jpg'), at(root, 'in/a.jpg'));
      },
      expected: 'changed-during-run',
    },
    {
      name: 'its parent folder swapped for a symlink to a folder outside',
      input: 'in/sub/a.jpg',
      change: (root) => {
        fs.renameSync(at(root, 'in/sub'), at(root, 'in/sub-moved'));
        fs.symlinkSync(at(root, 'outside'), at(root, 'in/sub'));
      },
      expected: 'changed-during-run',
    },
    {
      // Made before the original goes: a file created after it may reuse its inode number (ext4
      // does), and is then not told apart; that needs write access to the input folder, which
      // could change the file in place anyway.
      name: 'replaced by a FIFO (renamed over it)',
      input: 'in/a.jpg',
      change: (root) => {
        execFileSync('mkfifo', [at(root, 'in/fifo')]);
        fs.renameSync(at(root, 'in/fifo'), at(root, 'in/a.jpg'));
      },
      expected: 'changed-during-run',
    },
  ];

  test.each(allIOs.flatMap(({ io, fileIO }) => cases.map((c) => ({ ...c, io, fileIO }))))(
    '$io: $name → $expected',
    async ({ input, source, change, expected, fileIO }) => {
      const root = await tree();
      if (source !== undefined) fs.symlinkSync(at(root, source), at(root, input));
      const sourceId = idOf(at(root, source ?? input)); // what discovery saw
      change(root);
      const out = at(root, 'out', 'a.jpg');
      const job = ioJob(at(root, input), out, { sourceId, outputRoot: at(root, 'out'), ...(source === undefined ? {} : { source: at(root, source) }) });
      const fdsBefore = onLinux ? openFds() : 0;
      const result = await processJob(job, fileIO);
      if (onLinux) expect(openFds()).toBeLessThanOrEqual(fdsBefore);
      if (expected === 'ok') {
        expect(result).toMatchObject({ status: 'ok', outputs: [{ width: 16, height: 16 }] });
        const { channels } = await sharp(out).stats();
        expect(channels[2]?.mean).toBeGreaterThan(200); // blue: the input's own pixels
        expect(channels[0]?.mean).toBeLessThan(50);
      } else {
        expect(result).toEqual({ status: 'skipped', reason: 'changed-during-run', input: job.input, outputs: [], bytesIn: 0, ms: expect.any(Number) });
        expect(fs.existsSync(at(root, 'out'))).toBe(false);
      }
    },
  );

  test.each(allIOs)('$io: without sourceId the input is read as found (links followed), as before', async ({ fileIO }) => {
    const root = await tree();
    fs.symlinkSync(at(root, 'in/a.jpg'), at(root, 'in/link.jpg'));
    expect(await processJob(ioJob(at(root, 'in/link.jpg'), at(root, 'out/x.jpg')), fileIO)).toMatchObject({ status: 'ok' });
  });
});

describe('names that are not valid UTF-8 are read and written as their bytes', () => {
  test.each(allIOs)('$io', async ({ fileIO }) => {
    const dir = tempDir();
    const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
    fs.writeFileSync(bytes(`${dir}/`, [0xff], ' a.jpg'), await jpeg(32, 32));
    fs.writeFileSync(bytes(`${dir}/`, [0xfe], ' a.jpg'), 'not this one'); // lossy decoding would take it for the other
    const input = `${dir}/\udcff a.jpg`;
    const output = `${dir}/out/\udcfe sub/\udcff b.jpg`;
    const job = ioJob(input, output, { sourceId: idOf(bytes(`${dir}/`, [0xff], ' a.jpg')), outputRoot: `${dir}/out` });
    expect(await processJob(job, fileIO)).toMatchObject({ status: 'ok', input, outputs: [{ path: output }] });
    const written = bytes(`${dir}/out/`, [0xfe], ' sub/', [0xff], ' b.jpg');
    expect((await sharp(fs.readFileSync(written)).metadata()).width).toBe(16);
    expect(fs.readdirSync(bytes(`${dir}/out/`, [0xfe], ' sub'), { encoding: 'buffer' })).toEqual([bytes([0xff], ' b.jpg')]);
  });
});
