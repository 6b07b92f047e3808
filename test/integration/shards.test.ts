import fs from 'node:fs';
import path from 'node:path';
import { pathBytes } from '../../src/core/names';
import { resolveOptions } from '../../src/core/options';
import { prepareBatch } from '../../src/batch/run-batch';
import { fixtures, listFiles, removeTempDirs, tempDir, writeTree } from '../helpers/fixtures';
import { runCliInProcess, type Json } from '../helpers/run-cli';

afterAll(removeTempDirs);

/** A tree with nested folders and odd names, links that are settled in planning, and 60 plain files. */
function oddTree(): string {
  const dir = tempDir('imgbatch-shards-');
  const odd = [
    'a.jpg',
    'sub/b c.jpg',
    'sub/deeper/[x]*?.png',
    'ünï/ç.webp',
    'ünï/e\u0301.webp',
    'new\nline.jpg',
    '-dash.jpg',
    'sub/UPPER.JPG',
    'sub/deeper/still/deeper/z.tif',
  ];
  const plain = Array.from({ length: 60 }, (_, i) => `d${i % 6}/photo ${i}.jpg`);
  writeTree(dir, Object.fromEntries([...odd, ...plain].map((rel) => [rel, 'not decoded in planning'])));
  fs.writeFileSync(Buffer.from(`${dir}/bytes-\xff.jpg`, 'latin1'), 'name not UTF-8');
  fs.symlinkSync('missing.jpg', path.join(dir, 'dangling.jpg'));
  fs.symlinkSync('/etc/hostname', path.join(dir, 'sub', 'leaves.jpg'));
  return dir;
}

/** Every input a (part of a) run reports, to be run or settled, in planning alone. */
async function inputsOf(dir: string, out: string, shard?: string, list?: string): Promise<string[]> {
  const inputs = list === undefined ? { inputs: [dir] } : { filesFrom: list, null: true, root: dir };
  const options = resolveOptions({ ...inputs, out, op: { op: 'thumbnail', size: 32 }, recursive: true, ...(shard === undefined ? {} : { shard }) });
  const plan = await prepareBatch(options);
  return [...plan.jobs.map((j) => j.input), ...plan.settled.map((e) => e.input)];
}

describe('--shard in planning', () => {
  const dir = oddTree();
  const out = path.join(tempDir(), 'out');

  test('for n = 1 … 8 the shards are disjoint and together the whole set', async () => {
    const whole = (await inputsOf(dir, out)).sort();
    expect(whole.length).toBe(72);
    expect(whole.some((p) => p.includes('\udcff'))).toBe(true);
    for (let n = 1; n <= 8; n += 1) {
      const parts = await Promise.all(Array.from({ length: n }, (_, i) => inputsOf(dir, out, `${i + 1}/${n}`)));
      expect(parts.flat().sort()).toEqual(whole);
      expect(new Set(parts.flat()).size).toBe(whole.length);
      if (n <= 2) for (const part of parts) expect(part.length).toBeGreaterThan(0);
    }
  });

  test('a list of the same files (--files-from -0 --root) is sharded as the folder is', async () => {
    const whole = await inputsOf(dir, out);
    const list = path.join(tempDir(), 'list');
    fs.writeFileSync(list, Buffer.concat(whole.map((p) => Buffer.concat([pathBytes(p), Buffer.from([0])]))));
    for (const n of [2, 3, 5]) {
      for (let i = 1; i <= n; i += 1) {
        const [fromFolder, fromList] = await Promise.all([inputsOf(dir, out, `${i}/${n}`), inputsOf(dir, out, `${i}/${n}`, list)]);
        expect(fromList.sort()).toEqual(fromFolder.sort());
      }
    }
  });

  test('adding files moves no existing file to another shard', async () => {
    const shardsOf = async (n: number): Promise<Map<string, number>> => {
      const parts = await Promise.all(Array.from({ length: n }, (_, i) => inputsOf(dir, out, `${i + 1}/${n}`)));
      return new Map(parts.flatMap((inputs, i) => inputs.map((input) => [input, i + 1] as const)));
    };
    const before = await Promise.all([3, 5].map(shardsOf));
    writeTree(dir, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`${i % 2 === 0 ? 'd1' : 'new'}/added ${i}.jpg`, 'x'])));
    const after = await Promise.all([3, 5].map(shardsOf));
    for (const [i, map] of before.entries()) {
      expect(after[i]?.size).toBe(map.size + 40);
      for (const [input, shard] of map) expect([input, after[i]?.get(input)]).toEqual([input, shard]);
    }
  });
});

const fileRecords = (records: readonly Json[]): Json[] => records.filter((r) => r['type'] === 'file');

describe('--shard on the command line', () => {
  test.each([
    ['0/4', 'shards are numbered from 1'],
    ['5/4', 'there are only 4 shards'],
    ['a/b', 'not of the form i/n'],
  ])('--shard %s is a usage error (exit 2) that says what it expected', async (shard, why) => {
    const out = path.join(tempDir(), 'out');
    const run = await runCliInProcess(['thumbnail', fixtures.photosDir, '-o', out, '--shard', shard], { inline: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Expected i/n, whole numbers with 1 ≤ i ≤ n (e.g. 2/4) for --shard but received "${shard}": ${why}`);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('three shards into one folder write what one run writes, each input reported once', async () => {
    const args = ['resize', fixtures.photosDir, fixtures.badDir, '--width', '64', '--json'];
    const oneOut = path.join(tempDir(), 'one');
    const one = await runCliInProcess([...args, '-o', oneOut], { inline: true });
    const sharedOut = path.join(tempDir(), 'shared');
    const parts = [];
    for (const i of [1, 2, 3]) parts.push(await runCliInProcess([...args, '-o', sharedOut, '--shard', `${i}/3`], { inline: true }));
    const byInput = (records: readonly Json[]): Json[] =>
      fileRecords(records)
        .map((r) => ({ input: r['input'], status: r['status'] }))
        .sort((a, b) => String(a.input).localeCompare(String(b.input)));
    expect(byInput(parts.flatMap((p) => p.records))).toEqual(byInput(one.records));
    expect(listFiles(sharedOut)).toEqual(listFiles(oneOut));
    expect(Math.max(...parts.map((p) => p.code))).toBe(one.code);
  });
});

describe('--shard with --incremental and --prune', () => {
  test('each shard keeps its own state, and prunes only what its state lists', async () => {
    const dir = tempDir('imgbatch-shard-inc-');
    const names = Array.from({ length: 8 }, (_, i) => `p${i}.jpg`);
    for (const name of names) fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, name));
    const out = path.join(tempDir(), 'out');
    const run = (shard: string, ...more: string[]) =>
      runCliInProcess(['thumbnail', dir, '-o', out, '--size', '16', '--incremental', '--json', '--shard', shard, ...more], { inline: true });
    const first = [await run('1/2'), await run('2/2')];
    expect(
      fs
        .readdirSync(out)
        .filter((f) => f.startsWith('.imgbatch-state'))
        .sort(),
    ).toEqual(['.imgbatch-state.shard-1-of-2', '.imgbatch-state.shard-2-of-2']);
    const mine = first.map((r) => fileRecords(r.records).map((rec) => path.basename(String(rec['input']))));
    expect(mine.flat().sort()).toEqual(names);
    expect(mine[0]?.length).toBeGreaterThan(0);
    expect(mine[1]?.length).toBeGreaterThan(0);
    // Each shard's rerun finds its own inputs unchanged.
    const again = await run('1/2');
    expect(fileRecords(again.records).map((r) => r['reason'])).toEqual(mine[0]?.map(() => 'unchanged'));
    // One input of each shard goes; shard 1's prune removes only its own input's output.
    const [gone1, gone2] = [mine[0]?.[0] ?? '', mine[1]?.[0] ?? ''];
    for (const gone of [gone1, gone2]) fs.unlinkSync(path.join(dir, gone));
    const pruned = await run('1/2', '--prune');
    expect(pruned.records.filter((r) => r['type'] === 'prune').map((r) => [path.basename(String(r['path'])), r['removed']])).toEqual([[gone1, true]]);
    expect(fs.existsSync(path.join(out, gone1))).toBe(false);
    expect(fs.existsSync(path.join(out, gone2))).toBe(true);
    await run('2/2', '--prune');
    expect(fs.existsSync(path.join(out, gone2))).toBe(false);
    expect(listFiles(out).filter((f) => !f.startsWith('.imgbatch-state'))).toEqual(names.filter((n) => n !== gone1 && n !== gone2).sort());
  });
});
