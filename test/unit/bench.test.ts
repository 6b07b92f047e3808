/**
 * `imgbatch bench`'s pure parts: the -j values per core count, rows from runs, the recommendation
 * rule, the sample, the refusals, the argv split, the text table and the SVG chart.
 */
import {
  benchConcurrencies,
  benchIssues,
  benchRows,
  recommendConcurrency,
  sampleEvenly,
  type BenchResult,
  type BenchRow,
  type BenchRun,
} from '../../src/core/bench';
import { benchCommandArgs, splitBenchArgv } from '../../src/cli/bench-argv';
import { benchChartSvg, benchReportHtml } from '../../src/report/bench-chart';
import { benchHeader, benchIntro, benchRecord, benchRowLine, benchVerdict } from '../../src/report/bench-format';

const run = (j: number, wallMs: number, processed = 10, failed = 0): BenchRun => ({ j, wallMs, processed, ok: processed - failed, failed, skipped: 0 });

describe('benchConcurrencies: doubling up to the cores, plus the cores themselves', () => {
  test.each([
    [1, [1]],
    [2, [1, 2]],
    [3, [1, 2, 3]],
    [6, [1, 2, 4, 6]],
    [8, [1, 2, 4, 8]],
    [12, [1, 2, 4, 8, 12]],
  ])('%i cores → -j %j', (cores, expected) => {
    expect(benchConcurrencies(cores)).toEqual(expected);
  });
});

describe('benchRows: images/s, speedup over -j 1, efficiency = speedup ÷ j', () => {
  test.each([
    {
      runs: [run(1, 1000), run(2, 500)],
      expected: [
        [10, 1, 1],
        [20, 2, 1],
      ],
    },
    {
      runs: [run(1, 1000), run(2, 800), run(4, 800)],
      expected: [
        [10, 1, 1],
        [12.5, 1.25, 0.63],
        [12.5, 1.25, 0.31],
      ],
    },
    {
      runs: [run(1, 2000, 10, 2), run(2, 1000, 10, 2)],
      expected: [
        [5, 1, 1],
        [10, 2, 1],
      ],
    },
    { runs: [run(1, 0, 0)], expected: [[0, 0, 0]] },
  ])('$runs.length runs', ({ runs, expected }) => {
    expect(benchRows(runs).map((r) => [r.imagesPerSec, r.speedup, r.efficiency])).toEqual(expected);
  });
});

describe('recommendConcurrency: the smallest -j within 5 % of the best images/s', () => {
  const rows = (...rates: number[]): Pick<BenchRow, 'j' | 'imagesPerSec'>[] => rates.map((imagesPerSec, i) => ({ j: 2 ** i, imagesPerSec }));
  test.each([
    { name: 'the best is the largest', rates: [10, 19, 35, 60], expected: 8 },
    { name: 'a tie goes to the smaller', rates: [10, 20, 20], expected: 2 },
    { name: 'within 5 % counts as a tie', rates: [10, 19.5, 20.4], expected: 2 },
    { name: 'just past 5 % does not', rates: [10, 19, 20.1], expected: 4 },
    { name: 'more threads made it slower', rates: [12, 9, 7], expected: 1 },
    { name: 'one row', rates: [5], expected: 1 },
    { name: 'no rows', rates: [], expected: 0 },
  ])('$name', ({ rates, expected }) => {
    expect(recommendConcurrency(rows(...rates))).toBe(expected);
  });
});

describe('sampleEvenly', () => {
  test.each([
    { items: 10, n: 5, expected: [0, 2, 4, 6, 8] },
    { items: 10, n: 3, expected: [0, 3, 6] },
    { items: 3, n: 40, expected: [0, 1, 2] },
    { items: 7, n: 7, expected: [0, 1, 2, 3, 4, 5, 6] },
  ])('$n of $items', ({ items, n, expected }) => {
    expect(sampleEvenly([...Array(items).keys()], n)).toEqual(expected);
  });
});

describe('benchIssues: options bench refuses', () => {
  const flag = (key: string): string => `--${key}`;
  test.each([
    { options: {}, refused: [] },
    { options: { incremental: false, dryRun: false }, refused: [] },
    { options: { incremental: true }, refused: ['--incremental'] },
    { options: { dryRun: true, manifest: 'm.json', shard: '1/2' }, refused: ['--dryRun', '--manifest', '--shard'] },
    // A recipe's or a library caller's report: its previews would land outside bench's temporary folder.
    { options: { report: '/tmp/r.html' }, refused: ['--report'] },
  ])('$options', ({ options, refused }) => {
    const issues = benchIssues(options, flag);
    expect(issues.map((i) => i.path)).toEqual(refused);
    for (const i of issues) expect(i.message).toMatch(/^Expected no --\w+ with bench \(.+\), but received --\w+$/);
  });
});

describe('splitBenchArgv: bench’s flags, then the command and its arguments', () => {
  test.each([
    { argv: ['bench', 'thumbnail', 'photos', '--size', '150'], own: ['bench'], inner: ['thumbnail', 'photos', '--size', '150'] },
    { argv: ['bench', '--sample', '3', 'resize', 'p', '--cores=2'], own: ['bench', '--sample', '3', '--cores=2'], inner: ['resize', 'p'] },
    { argv: ['bench', 'resize', 'p', '--no-warmup', '--report', 'r.html'], own: ['bench', '--no-warmup', '--report', 'r.html'], inner: ['resize', 'p'] },
    { argv: ['bench', '--help'], own: ['bench', '--help'], inner: [] },
    { argv: ['bench', 'resize', '--help'], own: ['bench'], inner: ['resize', '--help'] },
    { argv: ['bench', 'resize', '--', '--sample'], own: ['bench'], inner: ['resize', '--', '--sample'] },
  ])('$argv', ({ argv, own, inner }) => {
    expect(splitBenchArgv(argv)).toEqual({ own, inner });
  });
});

describe('benchCommandArgs', () => {
  test('without -o, the placeholder stands in before any --', () => {
    expect(benchCommandArgs(['resize', 'p', '--', '-x'], '/t/none')).toEqual({ args: ['resize', 'p', '--out', '/t/none', '--', '-x'], outGiven: false });
  });
  test.each([['-o'], ['--out=x'], ['-ox']])('with %s, kept as given', (o) => {
    expect(benchCommandArgs(['resize', 'p', o], '/t/none')).toEqual({ args: ['resize', 'p', o], outGiven: true });
  });
  test('a recipe has its own output folder', () => {
    expect(benchCommandArgs(['run', 'r.json'], '/t/none').args).toEqual(['run', 'r.json']);
  });
  test.each([
    [['resize', 'p', '-j', '2'], /^Expected no -j with bench .* but received "-j"$/],
    [['resize', 'p', '--concurrency=2'], /but received "--concurrency=2"$/],
    [[], /^Expected a command to measure after bench \(resize, filter, thumbnail, run\) but received none$/],
    [['merge', 'x'], /but received "merge"$/],
  ])('%j is refused', (inner, message) => {
    expect(() => benchCommandArgs(inner, '/t/none')).toThrow(message);
  });
});

const result = (over: Partial<BenchResult> = {}): BenchResult => ({
  rows: benchRows([run(1, 1000), run(2, 560, 10, 1)]),
  recommended: 2,
  cores: 2,
  sample: 10,
  found: 25,
  warmup: true,
  interrupted: false,
  ...over,
});

describe('the text table and verdict', () => {
  test('header and rows line up, right-aligned', () => {
    const lines = [benchHeader(), ...result().rows.map(benchRowLine)];
    expect(lines).toEqual([
      '  -j  wall time  images/s  speedup  efficiency',
      '   1     1.00 s     10.00    1.00×        1.00',
      '   2     560 ms     17.86    1.79×        0.89',
    ]);
  });
  test('the intro says what was sampled and run', () => {
    expect(benchIntro({ sample: 10, found: 25, concurrencies: [1, 2], cores: 2, warmup: true })).toBe(
      'bench: 10 of 25 images (evenly spaced in path order), at -j 1, 2 (2 cores); one warm-up run first, not shown',
    );
    expect(benchIntro({ sample: 3, found: 3, concurrencies: [1], cores: 1, warmup: false })).toBe('bench: all 3 images, at -j 1 (1 core)');
  });
  test('the verdict names the rule, and failures and interrupts', () => {
    expect(benchVerdict(result())).toEqual([
      'recommended: -j 2 (the smallest -j whose images/s is within 5 % of the best)',
      'note: 1 of the 10 sampled images failed in a run; their time counts in the rows',
    ]);
    expect(benchVerdict(result({ rows: [], recommended: 0, interrupted: true }))).toEqual(['interrupted: 0 of the runs finished']);
  });
  test('the --json record carries the rule', () => {
    expect(benchRecord(result())).toMatchObject({ type: 'bench', recommended: 2, rule: expect.stringMatching(/within 5 %/), cores: 2, sample: 10 });
  });
});

describe('benchChartSvg', () => {
  test('a bar in each panel per row, values written out, the recommended one labelled', () => {
    const svg = benchChartSvg(result());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(4);
    for (const text of ['10.00', '17.86', '1.00', '0.89', '-j 1', '-j 2', 'recommended']) expect(svg).toContain(`>${text}<`);
    expect(svg).not.toMatch(/<script|href=|url\(/);
  });
  test('text is escaped', () => {
    const html = benchReportHtml(result(), 'imgbatch bench resize "<img src=x onerror=alert(1)>"');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
