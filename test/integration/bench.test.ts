/**
 * `imgbatch bench` through the CLI in process, on the fixtures with the inline runner (the rows
 * need no real parallelism): a row per -j for an injected core count, the recommendation, the
 * temporary folders gone, --json, --report, and the usage errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBench } from '../../src/batch/bench';
import { createInlineRunner } from '../../src/runners/inline';
import { fixtures, removeTempDirs, tempDir } from '../helpers/fixtures';
import { runCliInProcess } from '../helpers/run-cli';

afterAll(removeTempDirs);

/** The bench folders in the system's temporary folder. */
const benchFolders = (): string[] => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('imgbatch-bench-'));
const BENCH = ['bench', '--sample', '3', '--no-warmup'];
const ON_2 = [...BENCH, '--cores', '2'];

describe('imgbatch bench', () => {
  test('runs -j 1 and 2 on 2 cores, prints the rows and the recommendation, and leaves no folder behind', async () => {
    const before = benchFolders();
    const r = await runCliInProcess([...ON_2, 'thumbnail', fixtures.photosDir, '--size', '16'], { inline: true });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('bench: 3 of 5 images (evenly spaced in path order), at -j 1, 2 (2 cores)');
    expect(lines[1]).toMatch(/^ +-j +wall time +images\/s +speedup +efficiency$/);
    expect(lines.slice(2, 4).map((l) => l.trim().split(/\s+/)[0])).toEqual(['1', '2']);
    expect(lines[2]).toMatch(/ 1\.00× +1\.00$/);
    expect(lines[4]).toMatch(/^recommended: -j [12] \(the smallest -j whose images\/s is within 5 % of the best\)$/);
    expect(lines).toHaveLength(5);
    expect(benchFolders()).toEqual(before);
  });

  test('--json: a record per row, then the recommendation; failures are noted in the rows', async () => {
    const r = await runCliInProcess([...BENCH, '--cores', '1', 'filter', 'grayscale', fixtures.corruptJpg, fixtures.landscapeJpg, '--json'], { inline: true });
    expect(r.code).toBe(0);
    expect(r.records.map((rec) => rec['type'])).toEqual(['bench-row', 'bench']);
    expect(r.records[0]).toMatchObject({ j: 1, ok: 1, failed: 1, speedup: 1, efficiency: 1 });
    expect(r.records[1]).toMatchObject({ recommended: 1, cores: 1, sample: 2, found: 2, warmup: false, interrupted: false });
  });

  test('the library call: a warm-up, then the rows, in a temporary folder it removes; --report writes a page', async () => {
    const parent = tempDir('imgbatch-bench-test-');
    const options = { inputs: [fixtures.photosDir], out: path.join(parent, 'never'), op: { op: 'grayscale' } } as const;
    const seen: number[] = [];
    const result = await runBench(options, { cores: 3, sample: 2, runner: createInlineRunner(), tempParent: parent, onRow: (row) => seen.push(row.j) });
    expect(seen).toEqual([1, 2, 3]);
    expect(result).toMatchObject({ cores: 3, sample: 2, found: 5, warmup: true, interrupted: false });
    expect(fs.readdirSync(parent)).toEqual([]);

    const page = path.join(parent, 'bench.html');
    const r = await runCliInProcess([...ON_2, '--report', page, 'resize', fixtures.landscapeJpg, '-o', path.join(parent, 'out')], { inline: true });
    expect(r.stderr).toMatch(/^imgbatch: note: bench writes each run into a temporary folder it removes; nothing is written to .*out\n$/);
    expect(fs.readdirSync(parent)).toEqual(['bench.html']);
    const html = fs.readFileSync(page, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<rect /g)).toHaveLength(4);
  });

  test('an interrupt before the first run: no rows, exit 130, no folder left', async () => {
    const before = benchFolders();
    const stop = new AbortController();
    stop.abort('SIGINT');
    const r = await runCliInProcess([...ON_2, 'thumbnail', fixtures.photosDir], { inline: true, interrupt: stop.signal });
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/\ninterrupted: 0 of the runs finished\n$/);
    expect(benchFolders()).toEqual(before);
  });

  test.each([
    { args: ['thumbnail', fixtures.photosDir, '-j', '2'], message: /^imgbatch: Expected no -j with bench .* but received "-j"$/m },
    { args: ['resize', fixtures.photosDir, '--incremental'], message: /^imgbatch: Expected no --incremental with bench \(.*\), but received --incremental$/m },
    { args: ['resize', fixtures.photosDir, '--dry-run'], message: /^imgbatch: Expected no --dry-run with bench/m },
    { args: ['merge', 'x.ndjson'], message: /^imgbatch: Expected a command to measure after bench \(resize, filter, thumbnail, run\) but received "merge"$/m },
    { args: ['--sample', '0', 'resize', fixtures.photosDir], message: /^imgbatch: Expected a positive integer for --sample but received "0"$/m },
    { args: ['resize', fixtures.photosDir, '--width', 'wide'], message: /^imgbatch: Expected .* for --width but received "wide"$/m },
    { args: ['resize', fixtures.photosDir, '--report', '/no/such/folder/b.html'], message: /^imgbatch: Expected --report in an existing folder/m },
  ])('usage error (exit 2, nothing run): bench $args', async ({ args, message }) => {
    const r = await runCliInProcess(['bench', ...args], { inline: true });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Run "imgbatch bench --help" for usage\.\n$/);
  });

  test('--help lists bench’s own flags', async () => {
    const r = await runCliInProcess(['bench', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--sample', '--cores', '--warmup', '--report']) expect(r.stdout).toContain(flag);
  });
});
