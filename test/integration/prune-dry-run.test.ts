/**
 * `--prune` removes only what the state lists, at the size it recorded; `--dry-run` plans everything
 * and leaves the tree byte-identical (no folder, no state, no worker), and plan errors still exit 2.
 */
import { createHash } from 'node:crypto';
import childProcess from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fixtures, tempDir, threePhotos } from '../helpers/fixtures';
import { runCliInProcess, type Json } from '../helpers/run-cli';
import { OptionsError, planBatch } from '../../src';

/** `resize --width 120` unless `more` gives `--widths`. */
const resize = (dir: string, out: string, more: readonly string[] = []): ReturnType<typeof runCliInProcess> =>
  runCliInProcess(['resize', dir, '-o', out, ...(more.includes('--widths') ? [] : ['--width', '120']), '--json', ...more], {
    // A dry run gets the default runner, to show it starts none; the runs around it process inline.
    inline: !more.includes('--dry-run'),
  });

/** Every file and folder under the given roots with its content's hash, mode and mtime: any change shows. */
function treeHash(...roots: string[]): string {
  const hash = createHash('sha256');
  const walk = (p: string): void => {
    const stat = fs.lstatSync(p, { throwIfNoEntry: false });
    if (stat === undefined) return void hash.update(`${p} absent\n`);
    hash.update(`${p} ${stat.mode} ${stat.mtimeMs} ${stat.size}\n`);
    if (stat.isDirectory()) for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    else if (stat.isFile()) hash.update(fs.readFileSync(p));
  };
  for (const root of roots) walk(root);
  return hash.digest('hex');
}

const names = (dir: string): string[] => fs.readdirSync(dir).sort();
const byType = (records: readonly Json[], type: string): Json[] => records.filter((r) => r['type'] === type);

describe('--prune', () => {
  test('outputs of a deleted input go; outputs the state does not list, or of another size, stay', async () => {
    const { dir, out } = threePhotos();
    await resize(dir, out, ['--incremental']);
    fs.writeFileSync(path.join(out, 'mine.jpg'), 'a file of the user');
    fs.rmSync(path.join(dir, 'a.jpg'));
    fs.rmSync(path.join(dir, 'b.jpg'));
    fs.appendFileSync(path.join(out, 'b.jpg'), 'edited by hand');
    // Without --prune nothing is removed.
    await resize(dir, out, ['--incremental']);
    expect(names(out)).toEqual(['.imgbatch-ledger', '.imgbatch-state', 'a.jpg', 'b.jpg', 'c.png', 'mine.jpg']);
    const r = await resize(dir, out, ['--incremental', '--prune']);
    expect(r.code).toBe(0);
    const pruned = byType(r.records, 'prune').map((p) => [path.basename(String(p['path'])), p['removed'], p['why']]);
    expect(pruned.sort()).toEqual([
      ['a.jpg', true, 'input-gone'],
      ['b.jpg', false, 'input-gone'],
    ]);
    expect(names(out)).toEqual(['.imgbatch-ledger', '.imgbatch-state', 'b.jpg', 'c.png', 'mine.jpg']);
    // Forgotten once pruned: a second prune has nothing to do.
    expect(byType((await resize(dir, out, ['--incremental', '--prune'])).records, 'prune')).toEqual([]);
  });

  test('outputs the settings no longer make (a new suffix) are removed after the rebuild', async () => {
    const { dir, out } = threePhotos();
    await resize(dir, out, ['--incremental']);
    const r = await resize(dir, out, ['--incremental', '--prune', '--suffix', '_s']);
    expect(
      byType(r.records, 'prune')
        .map((p) => [path.basename(String(p['path'])), p['why']])
        .sort(),
    ).toEqual([
      ['a.jpg', 'not-made'],
      ['b.jpg', 'not-made'],
      ['c.png', 'not-made'],
    ]);
    expect(names(out)).toEqual(['.imgbatch-ledger', '.imgbatch-state', 'a_s.jpg', 'b_s.jpg', 'c_s.png']);
  });

  test('outputs left by a change without --prune are still pruned by a later --prune', async () => {
    const { dir, out } = threePhotos();
    await resize(dir, out, ['--incremental']);
    await resize(dir, out, ['--incremental', '--suffix', '_s']);
    expect(names(out)).toHaveLength(8);
    const r = await resize(dir, out, ['--incremental', '--prune', '--suffix', '_s']);
    expect(byType(r.records, 'file').every((f) => f['reason'] === 'unchanged')).toBe(true);
    expect(names(out)).toEqual(['.imgbatch-ledger', '.imgbatch-state', 'a_s.jpg', 'b_s.jpg', 'c_s.png']);
  });
});

describe('--dry-run', () => {
  test.each([
    { name: 'first run, no output folder yet', before: [] as string[][], flags: ['--incremental'] },
    { name: 'plain run over existing outputs', before: [[]], flags: [] },
    {
      name: 'incremental rerun with a changed input, a new one and a deleted one, --prune',
      before: [['--incremental']],
      flags: ['--incremental', '--prune'],
      change: true,
    },
    { name: 'with a manifest', before: [['--incremental']], flags: ['--incremental', '--manifest', 'm.json'] },
    { name: 'several widths (sizes read in this thread)', before: [], flags: ['--incremental', '--widths', '50,100', '--formats', 'webp'] },
  ])('$name: the tree is byte-identical afterwards', async ({ before, flags, change }) => {
    const { dir, out } = threePhotos();
    for (const f of before) await resize(dir, out, f);
    if (change === true) {
      fs.copyFileSync(fixtures.checkerGif, path.join(dir, 'a.jpg'));
      fs.copyFileSync(fixtures.barsWebp, path.join(dir, 'd.webp'));
      fs.rmSync(path.join(dir, 'c.png'));
    }
    const hashed = treeHash(dir, path.dirname(out));
    const fork = jest.spyOn(childProcess, 'fork');
    const r = await resize(dir, out, [...flags, '--dry-run']);
    expect(fork).not.toHaveBeenCalled();
    fork.mockRestore();
    expect(r.code).toBe(0);
    expect(treeHash(dir, path.dirname(out))).toBe(hashed);
    const summary = r.records.at(-1);
    expect(summary).toMatchObject({ type: 'summary', schema: 2, dryRun: true });
    expect(byType(r.records, 'plan')).toHaveLength(3);
  });

  test('says per input what would happen, and what --prune would remove', async () => {
    const { dir, out } = threePhotos();
    await resize(dir, out, ['--incremental']);
    fs.copyFileSync(fixtures.checkerGif, path.join(dir, 'a.jpg'));
    fs.copyFileSync(fixtures.barsWebp, path.join(dir, 'd.webp'));
    fs.rmSync(path.join(dir, 'c.png'));
    const r = await resize(dir, out, ['--incremental', '--prune', '--dry-run']);
    const plan = Object.fromEntries(byType(r.records, 'plan').map((p) => [path.basename(String(p['input'])), [p['action'], p['build']]]));
    expect(plan).toEqual({ 'a.jpg': ['rebuild', 'content-changed'], 'b.jpg': ['unchanged', undefined], 'd.webp': ['write', 'new'] });
    expect(byType(r.records, 'prune').map((p) => [path.basename(String(p['path'])), p['removed'], p['why']])).toEqual([['c.png', true, 'input-gone']]);
    expect(r.records.at(-1)).toMatchObject({ write: 1, rebuild: 1, unchanged: 1, prune: 1, exitCode: 0 });
    const human = await runCliInProcess(['resize', dir, '-o', out, '--width', '120', '--incremental', '--prune', '--dry-run'], { cwd: path.dirname(out) });
    expect(human.stdout).toMatch(/~ .*a\.jpg → out\/a\.jpg {2}\(rebuild: content-changed\)/);
    expect(human.stdout).toMatch(/out\/c\.png: would be removed \(its input .*c\.png is gone/);
    expect(human.stdout).toMatch(/Dry run: 1 to write, 1 to rebuild, 1 unchanged, 0 skipped, 1 to prune\. Nothing was written\./);
  });

  test('colliding output names are still a plan error (exit 2), with nothing written', async () => {
    const dir = tempDir();
    fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'a.jpg'));
    fs.copyFileSync(fixtures.alphaPng, path.join(dir, 'a.png'));
    const out = path.join(tempDir(), 'out');
    const r = await runCliInProcess(['resize', dir, '-o', out, '--width', '50', '--format', 'webp', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Expected one file per output/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('planBatch (the library dry run)', () => {
  test('plans every input, writes nothing, and throws on bad options as runBatch does', async () => {
    const { dir, out } = threePhotos();
    const plan = await planBatch({ inputs: [dir], out, op: { op: 'resize', width: 120 }, incremental: true });
    expect(plan.inputs.map((p) => [path.basename(p.input), p.action, p.build, p.outputs.map((o) => path.relative(out, o))])).toEqual([
      ['a.jpg', 'write', 'new', ['a.jpg']],
      ['b.jpg', 'write', 'new', ['b.jpg']],
      ['c.png', 'write', 'new', ['c.png']],
    ]);
    expect(plan.pruned).toEqual([]);
    expect(fs.existsSync(out)).toBe(false);
    await expect(planBatch({ inputs: [dir], out, op: { op: 'resize', width: -1 } })).rejects.toThrow(OptionsError);
  });
});
