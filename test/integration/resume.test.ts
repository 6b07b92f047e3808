/**
 * Resume: an incremental run killed with SIGKILL mid-batch (its worker process too) is resumed by
 * the next run: every output complete, and files the killed run finished are not redone. And a
 * no-change rerun starts no worker process. Spawned: only a real process can be killed like this.
 */
import childProcess from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { fixtures, tempDir } from '../helpers/fixtures';
import { runCliInProcess } from '../helpers/run-cli';
import { parseLines, startBin } from '../helpers/spawn-bin';

const FILES = 24;

test('SIGKILL in the middle, then a rerun: every output whole, finished files not redone', async () => {
  const dir = tempDir();
  for (let i = 0; i < FILES; i += 1)
    fs.copyFileSync(i % 2 === 0 ? fixtures.landscapeJpg : fixtures.portraitExif6Jpg, path.join(dir, `p${String(i).padStart(2, '0')}.jpg`));
  const out = path.join(tempDir(), 'out');
  const args = ['resize', dir, '-o', out, '--width', '200', '--incremental', '-j', '1', '--json'];
  const first = startBin(args, { detached: true });
  // Killed (the whole process group: the CLI and its worker process) once 6 files are reported.
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (parseLines(first.stdout().split('\n').slice(0, -1).join('\n')).length >= 6) {
        first.child.stdout.off('data', check);
        resolve();
      }
    };
    first.child.stdout.on('data', check);
  });
  process.kill(-(first.child.pid ?? 0), 'SIGKILL');
  await first.exited;
  const finished = parseLines(first.stdout().split('\n').slice(0, -1).join('\n'))
    .filter((r) => r['status'] === 'ok')
    .map((r) => String(r['input']));
  expect(finished.length).toBeGreaterThanOrEqual(6);
  expect(finished.length).toBeLessThan(FILES);

  const second = await runCliInProcess(args);
  expect(second.code).toBe(0);
  const files = second.records.filter((r) => r['type'] === 'file');
  expect(files).toHaveLength(FILES);
  const unchanged = new Set(files.filter((r) => r['reason'] === 'unchanged').map((r) => String(r['input'])));
  // Every file the killed run reported is journaled: none is redone.
  for (const input of finished) expect(unchanged.has(input)).toBe(true);
  // Redone: only files the killed run had not finished (at most one was in flight past the last record).
  const rebuilt = files.filter((r) => r['status'] === 'ok');
  expect(rebuilt.length).toBe(FILES - unchanged.size);
  expect(unchanged.size).toBeLessThanOrEqual(finished.length + 1);
  // Every output is a whole image; no temporary is left.
  const names = fs.readdirSync(out).filter((n) => !n.startsWith('.imgbatch-'));
  expect(names).toHaveLength(FILES);
  for (const name of names) expect((await sharp(path.join(out, name)).metadata()).width).toBe(200);
  expect(fs.readdirSync(out).filter((n) => n.endsWith('.tmp') || n.includes('.imgbatch-tmp'))).toEqual([]);
}, 60_000);

test('a no-change rerun starts no worker process (and no thread); a first run does', async () => {
  const dir = tempDir();
  fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'a.jpg'));
  const out = tempDir();
  const fork = jest.spyOn(childProcess, 'fork');
  const args = ['resize', dir, '-o', out, '--width', '100', '--incremental'];
  expect((await runCliInProcess(args)).code).toBe(0);
  expect(fork).toHaveBeenCalledTimes(1);
  fork.mockClear();
  const again = await runCliInProcess(args);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/a\.jpg: skipped \(unchanged\)/);
  expect(again.stdout).toMatch(/-j 0\)/);
  expect(fork).not.toHaveBeenCalled();
  fork.mockRestore();
});

test('after touching every input (same content), a rerun with several widths reads no header in a worker: no process starts', async () => {
  const dir = tempDir();
  for (const name of ['a.jpg', 'b.jpg']) fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, name));
  const out = tempDir();
  const args = ['resize', dir, '-o', out, '--widths', '100,200', '--formats', 'webp', '--incremental', '--json'];
  expect((await runCliInProcess(args)).code).toBe(0);
  const later = new Date(Date.now() + 60_000);
  for (const name of ['a.jpg', 'b.jpg']) fs.utimesSync(path.join(dir, name), later, later);
  const fork = jest.spyOn(childProcess, 'fork');
  const again = await runCliInProcess(args);
  expect(fork).not.toHaveBeenCalled();
  fork.mockRestore();
  expect(again.records.filter((r) => r['type'] === 'file').map((r) => r['reason'])).toEqual(['unchanged', 'unchanged']);
});
