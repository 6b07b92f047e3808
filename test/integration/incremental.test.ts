/**
 * `--incremental`: a rerun builds only what changed, and its record says why; touched files with the
 * same content stay unchanged; `--force`; a deleted, torn, foreign or other-version state; the lock.
 * Decisions through the library on an inline runner, flags and recipes through the CLI in this
 * process; real fixtures in fresh folders.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD_REASONS } from '../../src/core/build';
import { createInlineRunner, ImgbatchError, runBatch, type BatchOptions } from '../../src';
import { fileRecord } from '../../src/report/records';
import { readState, STATE_NAME } from '../../src/batch/state-file';
import { fixtures, tempDir, threePhotos } from '../helpers/fixtures';
import { runCliInProcess, type Json } from '../helpers/run-cli';

/** Each input's name → its record's outcome: `build:<reason>`, `skipped:<reason>`, or the status. */
function outcomes(records: readonly Json[]): Record<string, string> {
  const files = records.filter((r) => r['type'] === 'file');
  return Object.fromEntries(
    files.map((r) => {
      const status = String(r['status']);
      const what =
        status === 'ok' && r['build'] !== undefined ? `build:${r['build'] as string}` : status === 'skipped' ? `skipped:${String(r['reason'])}` : status;
      return [path.basename(String(r['input'])), what];
    }),
  );
}

/** The few flags these tests give, as the library's options. */
function optionsOf(more: readonly string[]): Partial<BatchOptions> {
  const value = (flag: string): string | undefined => (more.includes(flag) ? more[more.indexOf(flag) + 1] : undefined);
  const q = value('-q');
  const state = value('--state');
  const manifest = value('--manifest');
  return {
    ...(q === undefined ? {} : { quality: Number(q) }),
    ...(state === undefined ? {} : { state }),
    ...(manifest === undefined ? {} : { manifest }),
    ...(more.includes('--force') ? { force: true } : {}),
  };
}

/**
 * `resize --width 120 --incremental` with `more`, through the library on an inline runner (no
 * worker threads to start: these tests are about decisions), as the CLI's records and warnings.
 */
async function run(dir: string, out: string, more: readonly string[] = []): Promise<{ code: number; records: readonly Json[]; stderr: string }> {
  const warnings: string[] = [];
  const options: BatchOptions = { inputs: [dir], out, op: { op: 'resize', width: 120 }, incremental: true, ...optionsOf(more) };
  try {
    const report = await runBatch(options, { runner: createInlineRunner(), onStart: (s) => warnings.push(...s.warnings) });
    return { code: report.summary.exitCode, records: report.results.map(fileRecord), stderr: warnings.join('\n') };
  } catch (error: unknown) {
    if (!(error instanceof ImgbatchError)) throw error;
    return { code: error.exitCode, records: [], stderr: error.message };
  }
}

const ALL_UNCHANGED = { 'a.jpg': 'skipped:unchanged', 'b.jpg': 'skipped:unchanged', 'c.png': 'skipped:unchanged' };

describe('--incremental: each reason to build', () => {
  const change: Record<keyof typeof BUILD_REASONS, (p: { dir: string; out: string }) => readonly string[] | Promise<readonly string[]>> = {
    new: ({ dir }) => {
      fs.copyFileSync(fixtures.barsWebp, path.join(dir, 'd.webp'));
      return [];
    },
    'content-changed': ({ dir }) => {
      fs.copyFileSync(fixtures.checkerGif, path.join(dir, 'a.jpg'));
      return [];
    },
    'settings-changed': () => ['-q', '70'],
    'versions-changed': ({ out }) => {
      const file = path.join(out, STATE_NAME);
      const a = [...readState(file).records.values()].find((r) => r.input.endsWith('a.jpg'));
      fs.appendFileSync(file, `${JSON.stringify({ ...a, versions: 'imgbatch 0.0.1 sharp 0.1' })}\n`);
      return [];
    },
    'output-missing': ({ out }) => {
      fs.rmSync(path.join(out, 'a.jpg'));
      return [];
    },
    'output-changed': ({ out }) => {
      fs.appendFileSync(path.join(out, 'a.jpg'), 'edited');
      return [];
    },
    'failed-before': async ({ dir, out }) => {
      fs.copyFileSync(fixtures.corruptJpg, path.join(dir, 'a.jpg'));
      expect(outcomes((await run(dir, out)).records)['a.jpg']).toBe('failed');
      fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, 'a.jpg'));
      return [];
    },
    forced: () => ['--force'],
  };
  const expected: Record<keyof typeof BUILD_REASONS, Record<string, string>> = {
    new: { ...ALL_UNCHANGED, 'd.webp': 'build:new' },
    'content-changed': { ...ALL_UNCHANGED, 'a.jpg': 'build:content-changed' },
    'settings-changed': { 'a.jpg': 'build:settings-changed', 'b.jpg': 'build:settings-changed', 'c.png': 'build:settings-changed' },
    'versions-changed': { ...ALL_UNCHANGED, 'a.jpg': 'build:versions-changed' },
    'output-missing': { ...ALL_UNCHANGED, 'a.jpg': 'build:output-missing' },
    'output-changed': { ...ALL_UNCHANGED, 'a.jpg': 'build:output-changed' },
    'failed-before': { ...ALL_UNCHANGED, 'a.jpg': 'build:failed-before' },
    forced: { 'a.jpg': 'build:forced', 'b.jpg': 'build:forced', 'c.png': 'build:forced' },
  };

  test.each(Object.keys(BUILD_REASONS) as (keyof typeof BUILD_REASONS)[])('%s', async (reason) => {
    const p = threePhotos();
    const first = await run(p.dir, p.out);
    expect(outcomes(first.records)).toEqual({ 'a.jpg': 'build:new', 'b.jpg': 'build:new', 'c.png': 'build:new' });
    expect(outcomes((await run(p.dir, p.out)).records)).toEqual(ALL_UNCHANGED);
    const more = await change[reason](p);
    const again = await run(p.dir, p.out, more);
    expect(again.code).toBe(0);
    expect(outcomes(again.records)).toEqual(expected[reason]);
    // And then nothing is left to do.
    const settled = await run(
      p.dir,
      p.out,
      more.filter((m) => m !== '--force'),
    );
    expect(Object.values(outcomes(settled.records)).every((o) => o === 'skipped:unchanged')).toBe(true);
  });
});

describe('--incremental: every setting that shapes the bytes rebuilds, nothing else does', () => {
  test.each<{ name: string; options: Partial<BatchOptions>; build: boolean }>([
    { name: 'quality', options: { quality: 70 }, build: true },
    { name: 'a suffix (names)', options: { suffix: '_s' }, build: true },
    { name: 'a format', options: { format: 'webp' }, build: true },
    { name: 'the op (another width)', options: { op: { op: 'resize', width: 90 } }, build: true },
    { name: 'another op', options: { op: { op: 'grayscale' } }, build: true },
    { name: 'keeping metadata', options: { keepMetadata: true }, build: true },
    { name: 'Huffman tables', options: { optimizeCoding: true }, build: true },
    { name: 'concurrency', options: { concurrency: 1 }, build: false },
    { name: 'a timeout', options: { timeout: 30 }, build: false },
  ])('$name', async ({ options, build }) => {
    const { dir, out } = threePhotos();
    const base: BatchOptions = { inputs: [dir], out, op: { op: 'resize', width: 120 }, incremental: true };
    await runBatch(base, { runner: createInlineRunner() });
    const again = await runBatch({ ...base, ...options }, { runner: createInlineRunner() });
    const expected = build ? { status: 'ok', build: 'settings-changed' } : { status: 'skipped', reason: 'unchanged' };
    for (const r of again.results) expect(r).toMatchObject(expected);
  });

  test('same size, new bytes, a new mtime: hashed and rebuilt (content-changed)', async () => {
    const { dir, out } = threePhotos();
    await run(dir, out);
    const a = path.join(dir, 'a.jpg');
    const bytes = fs.readFileSync(a);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff;
    fs.writeFileSync(a, bytes);
    expect(outcomes((await run(dir, out)).records)).toEqual({ ...ALL_UNCHANGED, 'a.jpg': 'build:content-changed' });
  });
});

describe('--incremental', () => {
  test('a touched file with the same content stays unchanged; its new stat is recorded (no hashing next time)', async () => {
    const { dir, out } = threePhotos();
    await run(dir, out);
    const a = path.join(dir, 'a.jpg');
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(a, later, later);
    expect(outcomes((await run(dir, out)).records)).toEqual(ALL_UNCHANGED);
    const record = readState(path.join(out, STATE_NAME)).records.get(a);
    expect(record?.mtimeNs).toBe(String(fs.statSync(a, { bigint: true }).mtimeNs));
  });

  test('unchanged outputs are untouched (same inode and mtime), and the manifest still lists them', async () => {
    const { dir, out } = threePhotos();
    const manifest = path.join(out, 'manifest.json');
    await run(dir, out, ['--manifest', manifest]);
    const before = fs.statSync(path.join(out, 'a.jpg'), { bigint: true });
    const listed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { inputs: unknown[] };
    await run(dir, out, ['--manifest', manifest]);
    const after = fs.statSync(path.join(out, 'a.jpg'), { bigint: true });
    expect([after.ino, after.mtimeNs]).toEqual([before.ino, before.mtimeNs]);
    expect(JSON.parse(fs.readFileSync(manifest, 'utf8'))).toEqual(listed);
    expect(listed.inputs).toHaveLength(3);
  });

  test("outputs under an input folder that the state lists are imgbatch's, even with the ledger deleted", async () => {
    const { dir } = threePhotos();
    const out = path.join(dir, 'small');
    expect((await run(dir, out)).code).toBe(0);
    fs.rmSync(path.join(out, '.imgbatch-ledger'));
    const again = await run(dir, out);
    expect(again.code).toBe(0);
    expect(outcomes(again.records)).toEqual(ALL_UNCHANGED);
    fs.rmSync(path.join(out, '.imgbatch-ledger'));
    expect(Object.values(outcomes((await run(dir, out, ['--force'])).records))).toEqual(['build:forced', 'build:forced', 'build:forced']);
    // A file the state does not list is still refused (it may be an original).
    fs.writeFileSync(path.join(dir, 'e.jpg'), fs.readFileSync(fixtures.landscapeJpg));
    fs.writeFileSync(path.join(out, 'e.jpg'), 'an original of yours');
    const refused = await run(dir, out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/would replace a file imgbatch did not write/);
  });

  test('a deleted state means a full rebuild, never a crash', async () => {
    const { dir, out } = threePhotos();
    await run(dir, out);
    fs.rmSync(path.join(out, STATE_NAME));
    const again = await run(dir, out);
    expect(again.code).toBe(0);
    expect(outcomes(again.records)).toEqual({ 'a.jpg': 'build:new', 'b.jpg': 'build:new', 'c.png': 'build:new' });
  });

  test.each([
    { name: 'a foreign file', text: 'not a state\n', warning: /not an imgbatch state/ },
    { name: 'a state of another format', text: '{"imgbatch":"state","format":7}\n', warning: /state format 7, not 1/ },
  ])('$name at the state path: a warning, a full rebuild, the file kept aside', async ({ text, warning }) => {
    const { dir, out } = threePhotos();
    await run(dir, out);
    fs.writeFileSync(path.join(out, STATE_NAME), text);
    const again = await run(dir, out);
    expect(again.stderr).toMatch(warning);
    expect(Object.values(outcomes(again.records))).toEqual(['build:new', 'build:new', 'build:new']);
    expect(fs.readFileSync(path.join(out, `${STATE_NAME}.foreign`), 'utf8')).toBe(text);
    expect(Object.values(outcomes((await run(dir, out)).records))).toEqual(['skipped:unchanged', 'skipped:unchanged', 'skipped:unchanged']);
  });

  test('a torn last journal line is ignored: its input is rebuilt, the others are not', async () => {
    const { dir, out } = threePhotos();
    await run(dir, out);
    const file = path.join(out, STATE_NAME);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const last = lines.pop() ?? '';
    fs.writeFileSync(file, `${lines.join('\n')}\n${last.slice(0, last.length / 2)}`);
    const torn = path.basename(String((JSON.parse(last) as Json)['input']));
    const again = await run(dir, out);
    expect(Object.entries(outcomes(again.records)).filter(([, o]) => o !== 'skipped:unchanged')).toEqual([[torn, 'build:new']]);
  });

  test('--state puts the state elsewhere; a second run on the same state at once is refused (exit 2)', async () => {
    const { dir, out } = threePhotos();
    const state = path.join(tempDir(), 'build.state');
    await run(dir, out, ['--state', state]);
    expect(fs.existsSync(path.join(out, STATE_NAME))).toBe(false);
    expect(readState(state).records.size).toBe(3);
    // This process stands for the run in progress: its lock names a live pid.
    fs.writeFileSync(`${state}.lock`, JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: 'now' }));
    const second = await run(dir, out, ['--state', state]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/Expected to be the only run using the state .*build\.state, but another imgbatch \(pid \d+/);
    fs.rmSync(`${state}.lock`);
    expect((await run(dir, out, ['--state', state])).code).toBe(0);
  });

  test.each([
    { flags: ['--state', 's'], message: /Expected --state only together with --incremental/ },
    { flags: ['--force'], message: /Expected --force only together with --incremental/ },
    { flags: ['--prune'], message: /Expected --prune only together with --incremental/ },
  ])('$flags without --incremental is a usage error', async ({ flags, message }) => {
    const { dir, out } = threePhotos();
    const r = await runCliInProcess(['resize', dir, '-o', out, '--width', '10', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('--skip-existing with --incremental is a usage error saying why', async () => {
    const { dir, out } = threePhotos();
    const r = await runCliInProcess(['resize', dir, '-o', out, '--width', '10', '--incremental', '--skip-existing']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at most one of --skip-existing and --incremental/);
  });
});

describe('recipes', () => {
  test('"incremental": true in a recipe; --dry-run and --force on the command line', async () => {
    const { dir, out } = threePhotos();
    const recipe = path.join(path.dirname(out), 'images.json');
    const outputs = [{ ops: [{ op: 'resize', width: 64 }], format: 'webp' }, { ops: [{ op: 'thumbnail', size: 32 }, { op: 'sepia' }] }];
    fs.writeFileSync(recipe, JSON.stringify({ inputs: [dir], out, incremental: true, isolate: false, outputs }));
    const first = await runCliInProcess(['run', recipe, '--json']);
    expect(Object.values(outcomes(first.records))).toEqual(['build:new', 'build:new', 'build:new']);
    expect(outcomes((await runCliInProcess(['run', recipe, '--json'])).records)).toEqual(ALL_UNCHANGED);
    const dry = await runCliInProcess(['run', recipe, '--json', '--dry-run', '--force']);
    expect(dry.records.filter((r) => r['type'] === 'plan').map((r) => r['build'])).toEqual(['forced', 'forced', 'forced']);
    expect(outcomes((await runCliInProcess(['run', recipe, '--json'])).records)).toEqual(ALL_UNCHANGED);
  });
});
