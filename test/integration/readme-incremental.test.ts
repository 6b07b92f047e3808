/**
 * The README's "Incremental builds" section: its three commands run as written and do what the
 * section says; its dry-run example is what imgbatch prints for that situation.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fixtures, listFiles, repoRoot, tempDir, threePhotos } from '../helpers/fixtures';
import { runCliInProcess } from '../helpers/run-cli';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const section = ((): string => {
  const start = readme.indexOf('\n## Incremental builds\n');
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
})();
const blocks = (lang: string): string[] => [...section.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1] ?? '');
const commands = (blocks('sh')[0] ?? '').split('\n').filter((l) => l.startsWith('imgbatch '));
const args = (line: string): string[] => line.split(' ').slice(1);

/** Every file under a folder with its content hash. */
const snapshot = (dir: string): string[] =>
  listFiles(dir).map(
    (f) =>
      `${f} ${createHash('sha256')
        .update(fs.readFileSync(path.join(dir, f)))
        .digest('hex')}`,
  );

describe('README "Incremental builds"', () => {
  const dir = tempDir('imgbatch-readme-inc-');
  beforeAll(() => fs.cpSync(fixtures.photosDir, path.join(dir, 'photos'), { recursive: true }));

  test('three commands: build, dry run, prune', () => {
    expect(commands).toHaveLength(3);
    expect(commands[1]).toMatch(/--dry-run$/);
    expect(commands[2]).toMatch(/--prune$/);
  });

  test('the first builds everything, and run again skips every input as unchanged', async () => {
    const [build = ''] = commands;
    const first = await runCliInProcess([...args(build), '--json'], { cwd: dir, inline: true });
    expect(first.code).toBe(0);
    const files = first.records.filter((r) => r['type'] === 'file');
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((r) => r['status'] === 'ok' && r['build'] === 'new')).toBe(true);
    const again = await runCliInProcess([...args(build), '--json'], { cwd: dir, inline: true });
    expect(again.records.filter((r) => r['type'] === 'file').every((r) => r['reason'] === 'unchanged')).toBe(true);
  });

  test('the second writes nothing; the third removes the outputs of a deleted photo and nothing else', async () => {
    const [, dry = '', prune = ''] = commands;
    const out = path.join(dir, 'public', 'img');
    const before = snapshot(dir);
    const planned = await runCliInProcess(args(dry), { cwd: dir });
    expect(planned.code).toBe(0);
    expect(planned.stdout).toMatch(/Dry run: 0 to write, 0 to rebuild, \d+ unchanged, 0 skipped, 0 to prune\. Nothing was written\./);
    expect(snapshot(dir)).toEqual(before);
    fs.rmSync(path.join(dir, 'photos', 'bars.webp'));
    const pruned = await runCliInProcess([...args(prune), '--json'], { cwd: dir, inline: true });
    const removed = pruned.records.filter((r) => r['type'] === 'prune').map((r) => path.relative(out, String(r['path'])));
    expect(removed.sort()).toEqual(
      before
        .map((l) => l.split(' ')[0] ?? '')
        .filter((f) => f.startsWith('public/img/bars-'))
        .map((f) => path.relative('public/img', f))
        .sort(),
    );
    expect(removed.length).toBeGreaterThan(0);
    expect(listFiles(out).filter((f) => f.startsWith('bars-'))).toEqual([]);
  });

  test('the dry-run example is what imgbatch prints in that situation', async () => {
    const example = blocks('text')[0] ?? '';
    const [command = '', ...shown] = example.trimEnd().split('\n');
    const at = tempDir('imgbatch-readme-dry-');
    const photos = threePhotos(path.join(at, 'photos')).dir;
    const argv = args(command.replace(/^\$ /, ''));
    expect(
      (
        await runCliInProcess(
          argv.filter((a) => a !== '--dry-run' && a !== '--prune'),
          { cwd: at },
        )
      ).code,
    ).toBe(0);
    fs.copyFileSync(fixtures.checkerGif, path.join(photos, 'a.jpg'));
    fs.copyFileSync(fixtures.barsWebp, path.join(photos, 'd.webp'));
    fs.rmSync(path.join(photos, 'c.png'));
    const r = await runCliInProcess(argv, { cwd: at });
    // Sizes differ with the encoder's version: compared as any size.
    const sized = (line: string): string => line.replace(/\d+(\.\d+)? (B|KB|MB)\)/, '<size>)');
    expect(r.stdout.trimEnd().split('\n').map(sized).sort()).toEqual(shown.map(sized).sort());
  });
});
