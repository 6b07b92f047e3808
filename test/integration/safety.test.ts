/**
 * Safety rules on names, links and the output folder, each tested over several instances of its
 * class (the red-team run's examples are only some of them). Every test works in a fresh temp dir.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runBatch } from '../../src';
import { pathBytes } from '../../src/core/names';
import { fixtures, listFiles, tempDir } from '../helpers/fixtures';
import { outputRecord } from '../helpers/results';
import { runCliInProcess as runInProcess, type Json, type InProcessOptions } from '../helpers/run-cli';

/** The CLI on an inline runner: what is tested here does not need a worker process. */
const runCliInProcess = (argv: readonly string[], o: InProcessOptions = {}): ReturnType<typeof runInProcess> => runInProcess(argv, { ...o, inline: true });

const jpeg = (): Buffer => fs.readFileSync(fixtures.landscapeJpg);
const files = (records: readonly Json[]): Json[] => records.filter((r) => r['type'] === 'file');
const summary = (records: readonly Json[]): Json | undefined => records.find((r) => r['type'] === 'summary');

/** Every file below root as bytes-safe names (listFiles reads names as UTF-8). */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: Buffer): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true, encoding: 'buffer' })) {
      const p = Buffer.concat([dir, Buffer.from('/'), e.name]);
      if (e.isDirectory()) walk(p);
      else out.set(p.toString('latin1'), e.isSymbolicLink() ? `link:${fs.readlinkSync(p)}` : fs.readFileSync(p).toString('base64').slice(0, 64));
    }
  };
  walk(Buffer.from(root));
  return out;
}

describe('a name found in a folder is a name: backslashes are never separators', () => {
  const names = ['a\\..\\..\\victim\\x.jpg', 'quo"te\\back.jpg', 'x..\\up.jpg', 'sub\\..\\..\\..\\etc.jpg', '\\\\server\\share.jpg', 'trail\\.jpg'];
  test.each([
    { how: 'a folder', args: (root: string) => [path.join(root, 'in')] },
    { how: 'a folder, recursively', args: (root: string) => [path.join(root, 'in'), '-r'] },
    { how: 'a glob', args: (root: string) => [`${path.join(root, 'in')}/*.jpg`] },
  ])('found through $how, each is read and written under its own name, nothing outside -o', async ({ args }) => {
    const root = tempDir('imgbatch-backslash-');
    fs.mkdirSync(path.join(root, 'in'));
    fs.mkdirSync(path.join(root, 'victim'));
    fs.writeFileSync(path.join(root, 'victim', 'x_s.jpg'), 'unrelated');
    for (const n of names) fs.writeFileSync(path.join(root, 'in', n), jpeg());
    const before = snapshot(path.join(root, 'victim'));
    const run = await runCliInProcess(['filter', 'grayscale', ...args(root), '-o', path.join(root, 'out'), '--suffix', '_s', '--json']);
    expect(run.code).toBe(0);
    expect(
      files(run.records)
        .map((r) => [path.basename(String(r['input'])), r['status']])
        .sort(),
    ).toEqual(names.map((n) => [n, 'ok']).sort());
    expect(listFiles(path.join(root, 'out')).sort()).toEqual(names.map((n) => n.replace(/\.jpg$/, '_s.jpg')).sort());
    expect(snapshot(path.join(root, 'victim'))).toEqual(before);
    expect(fs.readdirSync(root).sort()).toEqual(['in', 'out', 'victim']);
  });
});

describe('names that are not valid UTF-8 are kept as bytes', () => {
  const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  const inputs = [
    bytes([0xff], ' a.jpg'),
    bytes([0xfe], ' a.jpg'),
    bytes('caf', [0xe9], '.jpg'),
    bytes('half', [0xe2, 0x82], '.jpg'),
    bytes([0xfe], ' sub/b.jpg'),
    bytes([0xc0, 0xaf], '/c.jpg'),
  ];

  test('every entry is a record of its own, processed, written under the same bytes, and named losslessly in NDJSON', async () => {
    const root = tempDir('imgbatch-bytes-');
    const inDir = Buffer.from(path.join(root, 'in'));
    fs.mkdirSync(inDir);
    for (const rel of inputs) {
      const p = Buffer.concat([inDir, Buffer.from('/'), rel]);
      fs.mkdirSync(p.subarray(0, p.lastIndexOf('/')), { recursive: true });
      fs.writeFileSync(p, jpeg());
    }
    const out = path.join(root, 'out');
    const run = await runCliInProcess(['resize', path.join(root, 'in'), '-r', '--width', '64', '-o', out, '--json']);
    expect(summary(run.records)).toMatchObject({ total: inputs.length, ok: inputs.length });
    // JSON carries the escape: \udcXX for each byte that is not UTF-8; pathBytes gives the bytes back.
    const seen = files(run.records)
      .map((r) =>
        pathBytes(String(r['input']))
          .subarray(inDir.length + 1)
          .toString('hex'),
      )
      .sort();
    expect(seen).toEqual(inputs.map((b) => b.toString('hex')).sort());
    for (const r of files(run.records)) {
      const written = pathBytes(outputRecord(r).path);
      expect(written.subarray(Buffer.from(out).length + 1).toString('hex')).toBe(
        pathBytes(String(r['input']))
          .subarray(inDir.length + 1)
          .toString('hex'),
      );
      expect(fs.statSync(written).size).toBe(r['bytesOut']);
    }
    expect(run.stdout).toContain('\\udcff a.jpg');
  });

  test('terminal lines show the bytes escaped as \\xNN', async () => {
    const root = tempDir('imgbatch-bytes-');
    fs.writeFileSync(bytes(path.join(root, 'x'), [0xff], '.jpg'), jpeg());
    const run = await runCliInProcess(['resize', root, '--width', '32', '-o', path.join(root, 'out')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('x\\xff.jpg');
  });
});

describe('outputs are decided on real files: an -o that leads into an input folder cannot overwrite inputs', () => {
  test.each([
    { name: '-o a link to the input folder', out: 'link', setup: (r: string) => fs.symlinkSync(path.join(r, 'photos'), path.join(r, 'link')) },
    { name: '-o a path through a link to the input folder', out: 'link/.', setup: (r: string) => fs.symlinkSync('photos', path.join(r, 'link')) },
    {
      name: '-o a link to a link to the input folder',
      out: 'l2',
      setup: (r: string) => {
        fs.symlinkSync('photos', path.join(r, 'l1'));
        fs.symlinkSync('l1', path.join(r, 'l2'));
      },
    },
    { name: '-o the input folder through ..', out: 'photos/sub/..', setup: (r: string) => fs.mkdirSync(path.join(r, 'photos', 'sub')) },
  ])('$name with --suffix: refused before any work, every input unchanged', async ({ out, setup }) => {
    const root = tempDir('imgbatch-outlink-');
    fs.mkdirSync(path.join(root, 'photos'));
    fs.writeFileSync(path.join(root, 'photos', 'a.jpg'), jpeg());
    fs.writeFileSync(path.join(root, 'photos', 'a_s.jpg'), 'an original that only looks like an output');
    setup(root);
    const before = snapshot(path.join(root, 'photos'));
    const run = await runCliInProcess(['thumbnail', path.join(root, 'photos'), '-o', path.join(root, out), '--suffix', '_s']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/would overwrite an input/);
    expect(snapshot(path.join(root, 'photos'))).toEqual(before);
  });

  test('an output that is a hard link to an input elsewhere is refused', async () => {
    const root = tempDir('imgbatch-hardlink-');
    fs.mkdirSync(path.join(root, 'photos'));
    fs.mkdirSync(path.join(root, 'out'));
    fs.writeFileSync(path.join(root, 'photos', 'a.jpg'), jpeg());
    fs.writeFileSync(path.join(root, 'photos', 'b.jpg'), jpeg());
    fs.linkSync(path.join(root, 'photos', 'b.jpg'), path.join(root, 'out', 'a.jpg'));
    const run = await runCliInProcess(['thumbnail', path.join(root, 'photos'), '-o', path.join(root, 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path.join(root, 'out', 'a.jpg')} is an input`);
  });
});

describe('an input swapped after discovery is not read', () => {
  test.each([
    {
      name: 'for a link to a file outside the root',
      swap: (p: string, outside: string) => {
        fs.rmSync(p);
        fs.symlinkSync(outside, p);
      },
    },
    {
      name: 'for another file renamed over it',
      swap: (p: string, outside: string) => {
        fs.copyFileSync(outside, `${p}.new`);
        fs.renameSync(`${p}.new`, p);
      },
    },
    {
      name: 'through its folder swapped for a link',
      swap: (p: string, outside: string) => {
        fs.renameSync(path.dirname(p), `${path.dirname(p)}.old`);
        fs.symlinkSync(path.dirname(outside), path.dirname(p));
      },
    },
  ])('$name, between planning and processing (isolated workers): skipped changed-during-run', async ({ swap }) => {
    const root = tempDir('imgbatch-swap-');
    fs.mkdirSync(path.join(root, 'in', 'sub'), { recursive: true });
    fs.mkdirSync(path.join(root, 'secret'));
    fs.writeFileSync(path.join(root, 'in', 'sub', 'a.jpg'), jpeg());
    fs.writeFileSync(path.join(root, 'secret', 'a.jpg'), fs.readFileSync(fixtures.portraitExif6Jpg));
    const report = await runBatch(
      { inputs: [path.join(root, 'in')], recursive: true, out: path.join(root, 'out'), op: { op: 'grayscale' } },
      { onStart: () => swap(path.join(root, 'in', 'sub', 'a.jpg'), path.join(root, 'secret', 'a.jpg')) },
    );
    expect(report.results).toEqual([expect.objectContaining({ status: 'skipped', reason: 'changed-during-run', outputs: [] })]);
    expect(fs.existsSync(path.join(root, 'out', 'sub', 'a.jpg'))).toBe(false);
  });
});
