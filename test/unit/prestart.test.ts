import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { namesOneFile, prestartConfig } from '../../src/cli/prestart';
import { maxWorkerThreads } from '../../src/runners/budget';

// The guess follows the same bound as the run: never more worker threads than maxWorkerThreads().
const cores = Math.min(os.availableParallelism(), maxWorkerThreads());
const capped = (n: number): number => Math.min(n, maxWorkerThreads());

describe('prestartConfig (worker process started before yargs parses)', () => {
  test.each<{ name: string; argv: string[]; expected: { concurrency: number } | undefined }>([
    { name: 'a batch with the default -j', argv: ['resize', 'photos', '-o', 'out'], expected: { concurrency: cores } },
    { name: 'filter and thumbnail too', argv: ['thumbnail', 'photos', '-o', 'out'], expected: { concurrency: cores } },
    { name: '-j 3', argv: ['resize', 'photos', '-j', '3', '-o', 'out'], expected: { concurrency: capped(3) } },
    { name: '-j3', argv: ['filter', 'sepia', 'photos', '-j3', '-o', 'out'], expected: { concurrency: capped(3) } },
    { name: '-j=5', argv: ['resize', 'photos', '-j=5'], expected: { concurrency: capped(5) } },
    { name: '--concurrency 4', argv: ['resize', 'photos', '--concurrency', '4'], expected: { concurrency: capped(4) } },
    { name: '--concurrency=6', argv: ['resize', 'photos', '--concurrency=6'], expected: { concurrency: capped(6) } },
    { name: 'the last -j wins, as in yargs', argv: ['resize', 'photos', '-j', '2', '-j', '7'], expected: { concurrency: capped(7) } },
    { name: 'a -j above the bound is capped', argv: ['resize', 'photos', '-j', '1000'], expected: { concurrency: maxWorkerThreads() } },
    { name: 'after --, -j is an input name', argv: ['resize', '-o', 'out', '--', '-j', '9'], expected: { concurrency: cores } },
    { name: 'no command', argv: ['photos', '-o', 'out'], expected: undefined },
    { name: '--help', argv: ['resize', '--help'], expected: undefined },
    { name: '-h', argv: ['resize', '-h'], expected: undefined },
    { name: '--version', argv: ['resize', '--version'], expected: undefined },
    { name: '--no-isolate (no worker process)', argv: ['resize', 'photos', '--no-isolate'], expected: undefined },
    { name: '--isolate=false', argv: ['resize', 'photos', '--isolate=false'], expected: undefined },
    { name: '--incremental (a worker process only if something is to be built)', argv: ['resize', 'photos', '--incremental'], expected: undefined },
    { name: '--incremental=true', argv: ['resize', 'photos', '--incremental=true'], expected: undefined },
    { name: '--incremental=false is a plain run', argv: ['resize', 'photos', '--incremental=false'], expected: { concurrency: cores } },
    { name: '--dry-run (never a worker process)', argv: ['resize', 'photos', '--dry-run'], expected: undefined },
    { name: '--dry-run=1', argv: ['resize', 'photos', '--dry-run=1'], expected: undefined },
    { name: 'run (its recipe may ask for an incremental run)', argv: ['run', 'images.json'], expected: undefined },
    { name: 'merge (reads reports, runs no batch)', argv: ['merge', 'a.ndjson', 'b.ndjson'], expected: undefined },
    { name: 'a bad -j (a usage error follows)', argv: ['resize', 'photos', '-j', '0'], expected: undefined },
    { name: '-j without a value', argv: ['resize', 'photos', '-j'], expected: undefined },
  ])('$name', ({ argv, expected }) => {
    expect(prestartConfig(argv)).toEqual(expected);
  });
});

describe('namesOneFile (the worker process loads libvips at once for a likely one-file run)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imgbatch-prestart-'));
  fs.writeFileSync(path.join(dir, 'a.jpg'), '');
  fs.writeFileSync(path.join(dir, 'b.PNG'), '');
  fs.writeFileSync(path.join(dir, 'notes.txt'), '');
  fs.mkdirSync(path.join(dir, 'photos'));
  fs.mkdirSync(path.join(dir, 'out'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each<{ argv: string[]; expected: boolean }>([
    { argv: ['resize', 'a.jpg', '-o', 'out'], expected: true },
    { argv: ['filter', 'sepia', 'b.PNG', '--out', 'out', '--width', '800'], expected: true },
    { argv: ['resize', 'a.jpg', '--manifest', 'notes.txt'], expected: true },
    { argv: ['resize', 'a.jpg', 'b.PNG'], expected: false },
    { argv: ['resize', 'photos', '-o', 'out'], expected: false },
    { argv: ['resize', 'a.jpg', 'photos'], expected: false },
    { argv: ['resize', '*.jpg'], expected: false },
    { argv: ['resize', 'a.jpg', 'missing-*.jpg'], expected: false },
    { argv: ['resize', 'missing.jpg'], expected: false },
    { argv: ['resize', 'notes.txt'], expected: false },
  ])('$argv → $expected', ({ argv, expected }) => {
    expect(namesOneFile(argv, dir)).toBe(expected);
  });

  test('prestartConfig asks for the preload only then', () => {
    expect(prestartConfig(['resize', 'a.jpg', '-o', 'out'], dir)).toEqual({ concurrency: cores, preload: true });
    expect(prestartConfig(['resize', 'photos', '-o', 'out'], dir)).toEqual({ concurrency: cores });
  });
});
