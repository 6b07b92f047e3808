import path from 'node:path';
import { PlanError, UsageError } from '../../src/core/errors';
import { resolveOptions, type BatchOptions, type ResolvedOptions } from '../../src/core/options';
import { formatFromExtension } from '../../src/core/formats';
import { collisionKey, outputPath, planJobs } from '../../src/batch/plan';
import type { Discovered } from '../../src/core/types';

// Pure: nothing here touches the disk, so paths are made-up absolute paths.
const root = path.resolve('/', 'imgbatch-plan');
const IN = path.join(root, 'in');
const OUT = path.join(root, 'out');

const entry = (name: string, rel = '', extra: Partial<Discovered> = {}): Discovered => ({
  input: path.join(IN, rel, name),
  rel,
  argument: IN,
  ...extra,
});

const options = (overrides: Partial<BatchOptions> = {}): ResolvedOptions =>
  resolveOptions({ inputs: [IN], out: OUT, op: { op: 'grayscale' }, cwd: root, ...overrides });

function planError(fn: () => unknown): PlanError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PlanError) return e;
    throw e;
  }
  throw new Error('expected a PlanError');
}

describe('outputPath', () => {
  const cases: readonly {
    name: string;
    args: { file: string; rel?: string; format?: ResolvedOptions['format']; suffix?: string };
    expected: string;
  }[] = [
    { name: 'keep: .jpg stays .jpg', args: { file: 'a.jpg' }, expected: 'a.jpg' },
    { name: 'keep: .JPG keeps its spelling', args: { file: 'a.JPG' }, expected: 'a.JPG' },
    { name: 'keep: .jpeg stays .jpeg', args: { file: 'a.jpeg' }, expected: 'a.jpeg' },
    { name: 'keep: .TIF stays .TIF', args: { file: 'scan.TIF' }, expected: 'scan.TIF' },
    { name: 'keep: .Png stays .Png', args: { file: 'b.Png' }, expected: 'b.Png' },
    { name: 'keep: no extension', args: { file: 'README' }, expected: 'README' },
    { name: 'keep: unknown extension kept', args: { file: 'photo.dat' }, expected: 'photo.dat' },
    { name: 'keep: only the last extension counts', args: { file: 'archive.tar.png' }, expected: 'archive.tar.png' },
    { name: 'jpeg on .png → .jpg', args: { file: 'a.png', format: 'jpeg' }, expected: 'a.jpg' },
    { name: 'jpeg on .JPEG keeps .JPEG (format unchanged)', args: { file: 'a.JPEG', format: 'jpeg' }, expected: 'a.JPEG' },
    { name: 'jpeg on .jpg keeps .jpg', args: { file: 'a.jpg', format: 'jpeg' }, expected: 'a.jpg' },
    { name: 'webp on .jpg → .webp', args: { file: 'a.jpg', format: 'webp' }, expected: 'a.webp' },
    { name: 'png on .TIFF → .png', args: { file: 'a.TIFF', format: 'png' }, expected: 'a.png' },
    { name: 'avif on .gif → .avif', args: { file: 'a.gif', format: 'avif' }, expected: 'a.avif' },
    { name: 'webp on a file with no extension adds .webp', args: { file: 'README', format: 'webp' }, expected: 'README.webp' },
    { name: 'suffix before the extension', args: { file: 'a.jpg', suffix: '_small' }, expected: 'a_small.jpg' },
    { name: 'suffix before a changed extension', args: { file: 'a.png', format: 'webp', suffix: '-v2' }, expected: 'a-v2.webp' },
    { name: 'suffix on a file with no extension', args: { file: 'README', suffix: '_s' }, expected: 'README_s' },
    { name: 'rel folder kept', args: { file: 'a.jpg', rel: path.join('2024', 'june') }, expected: path.join('2024', 'june', 'a.jpg') },
    { name: 'rel folder with suffix and format', args: { file: 'b.JPG', rel: 'sub', format: 'png', suffix: '_t' }, expected: path.join('sub', 'b_t.png') },
  ];

  test.each(cases)('$name', ({ args, expected }) => {
    const e = entry(args.file, args.rel ?? '');
    expect(outputPath(e, { out: OUT, format: args.format ?? 'keep', suffix: args.suffix ?? '' })).toBe(path.join(OUT, expected));
  });
});

describe('formatFromExtension', () => {
  const cases: readonly { name: string; args: string; expected: string | undefined }[] = [
    { name: '.JPG', args: 'a.JPG', expected: 'jpeg' },
    { name: '.jpeg', args: 'a.jpeg', expected: 'jpeg' },
    { name: '.tif', args: 'a.tif', expected: 'tiff' },
    { name: '.TIFF', args: 'a.TIFF', expected: 'tiff' },
    { name: '.gif', args: 'a.gif', expected: 'gif' },
    { name: '.webp', args: 'a.webp', expected: 'webp' },
    { name: '.avif', args: 'a.avif', expected: 'avif' },
    { name: '.bmp', args: 'a.bmp', expected: undefined },
    { name: 'none', args: 'a', expected: undefined },
  ];
  test.each(cases)('$name → $expected', ({ args, expected }) => {
    expect(formatFromExtension(args)).toBe(expected);
  });
});

describe('planJobs: jobs', () => {
  test('copies the options into each job, ids 0..n-1 in discovery order', () => {
    const o = options({ op: { op: 'resize', width: 640 }, quality: 60, optimizeCoding: 'auto', keepMetadata: true, maxPixels: 5000, skipExisting: true });
    const found = [entry('b.jpg'), entry('a.png'), entry('c.gif', 'sub')];
    const plan = planJobs(o, found);
    expect(plan.settled).toEqual([]);
    expect(plan.jobs).toEqual([
      {
        id: 0,
        input: path.join(IN, 'b.jpg'),
        outputRoot: OUT,
        outputs: [{ path: path.join(OUT, 'b.jpg'), ops: [{ op: 'resize', width: 640 }], format: 'jpeg', quality: 60 }],
        optimizeCoding: 'auto',
        keepMetadata: true,
        maxPixels: 5000,
        skipExisting: true,
        allowSvg: false,
        timeoutSeconds: 60,
      },
      {
        id: 1,
        input: path.join(IN, 'a.png'),
        outputRoot: OUT,
        outputs: [{ path: path.join(OUT, 'a.png'), ops: [{ op: 'resize', width: 640 }], format: 'png', quality: 60 }],
        optimizeCoding: 'auto',
        keepMetadata: true,
        maxPixels: 5000,
        skipExisting: true,
        allowSvg: false,
        timeoutSeconds: 60,
      },
      {
        id: 2,
        input: path.join(IN, 'sub', 'c.gif'),
        outputRoot: OUT,
        outputs: [{ path: path.join(OUT, 'sub', 'c.gif'), ops: [{ op: 'resize', width: 640 }], format: 'gif', quality: 60 }],
        optimizeCoding: 'auto',
        keepMetadata: true,
        maxPixels: 5000,
        skipExisting: true,
        allowSvg: false,
        timeoutSeconds: 60,
      },
    ]);
  });

  const formats: readonly { name: string; args: { file: string; format: ResolvedOptions['format'] }; expected: string | null }[] = [
    { name: 'keep, unknown extension → null (detected later)', args: { file: 'photo.dat', format: 'keep' }, expected: null },
    { name: 'keep, no extension → null', args: { file: 'photo', format: 'keep' }, expected: null },
    { name: 'keep, .TIF → tiff', args: { file: 'scan.TIF', format: 'keep' }, expected: 'tiff' },
    { name: 'webp, unknown extension → webp', args: { file: 'photo.dat', format: 'webp' }, expected: 'webp' },
    { name: 'jpeg on .png → jpeg', args: { file: 'a.png', format: 'jpeg' }, expected: 'jpeg' },
  ];
  test.each(formats)('format: $name', ({ args, expected }) => {
    const [job] = planJobs(options({ format: args.format }), [entry(args.file)]).jobs;
    expect(job?.outputs[0]?.format).toBe(expected);
  });

  test('entries with skip go to skips, not jobs, and ids stay dense', () => {
    const fifo = entry('pipe.jpg', '', { skip: 'not-regular-file' });
    const plan = planJobs(options(), [entry('a.jpg'), fifo, entry('b.jpg')]);
    expect(plan.settled).toEqual([fifo]);
    expect(plan.jobs.map((j) => [j.id, path.basename(j.input)])).toEqual([
      [0, 'a.jpg'],
      [1, 'b.jpg'],
    ]);
  });

  test('no entries → no jobs', () => {
    expect(planJobs(options(), [])).toEqual({ jobs: [], settled: [] });
  });

  test('same name in different rel folders does not collide', () => {
    const plan = planJobs(options(), [entry('a.jpg', 'x'), entry('a.jpg', 'y')]);
    expect(plan.jobs.map((j) => j.outputs[0]?.path)).toEqual([path.join(OUT, 'x', 'a.jpg'), path.join(OUT, 'y', 'a.jpg')]);
  });

  test('a.jpg and a.png under keep do not collide', () => {
    expect(planJobs(options(), [entry('a.jpg'), entry('a.png')]).jobs).toHaveLength(2);
  });
});

describe('collisionKey', () => {
  test('folds case and Unicode normalisation', () => {
    expect(collisionKey('/x/A.JPG')).toBe(collisionKey('/x/a.jpg'));
    expect(collisionKey('/x/caf\u00e9.jpg')).toBe(collisionKey('/x/cafe\u0301.jpg'));
    expect(collisionKey('/x/a.jpg')).not.toBe(collisionKey('/x/b.jpg'));
  });
});

describe('planJobs: collisions', () => {
  const cases: readonly {
    name: string;
    args: { found: readonly Discovered[]; options?: Partial<BatchOptions> };
    expected: { groups: readonly (readonly string[])[]; message: RegExp };
  }[] = [
    {
      name: 'a.jpg and a.png with --format jpeg',
      args: { found: [entry('a.jpg'), entry('a.png')], options: { format: 'jpeg' } },
      expected: { groups: [[path.join(IN, 'a.jpg'), path.join(IN, 'a.png')]], message: /1 output name is shared/ },
    },
    {
      name: 'A.jpg vs a.jpg in the same folder (two arguments)',
      args: { found: [entry('A.jpg'), { input: path.join(root, 'other', 'a.jpg'), rel: '', argument: path.join(root, 'other', 'a.jpg') }] },
      expected: { groups: [[path.join(IN, 'A.jpg'), path.join(root, 'other', 'a.jpg')]], message: /1 output name is shared/ },
    },
    {
      name: 'rel folders X and x mapping to the same output',
      args: { found: [entry('a.jpg', 'X'), entry('a.jpg', 'x')] },
      expected: { groups: [[path.join(IN, 'X', 'a.jpg'), path.join(IN, 'x', 'a.jpg')]], message: /ignoring case and Unicode normalisation/ },
    },
    {
      name: 'NFC café vs NFD café',
      args: { found: [entry('caf\u00e9.jpg'), entry('cafe\u0301.jpg')] },
      expected: { groups: [[path.join(IN, 'caf\u00e9.jpg'), path.join(IN, 'cafe\u0301.jpg')]], message: /1 output name is shared/ },
    },
    {
      name: 'a suffix does not help when two inputs share a stem and format',
      args: { found: [entry('a.jpg'), entry('a.png')], options: { format: 'webp', suffix: '_s' } },
      expected: { groups: [[path.join(IN, 'a.jpg'), path.join(IN, 'a.png')]], message: /a_s\.webp ← / },
    },
    {
      name: 'two groups',
      args: { found: [entry('a.jpg'), entry('a.png'), entry('b.gif'), entry('b.webp'), entry('c.jpg')], options: { format: 'jpeg' } },
      expected: {
        groups: [
          [path.join(IN, 'a.jpg'), path.join(IN, 'a.png')],
          [path.join(IN, 'b.gif'), path.join(IN, 'b.webp')],
        ],
        message: /but 2 output names are shared/,
      },
    },
  ];

  test.each(cases)('$name → PlanError', ({ args, expected }) => {
    const err = planError(() => planJobs(options(args.options), args.found));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.code).toBe('PLAN_CONFLICT');
    expect(err.exitCode).toBe(2);
    expect(err.groups).toEqual(expected.groups);
    expect(err.message).toMatch(expected.message);
    expect(err.message).toMatch(/Nothing was written/);
    expect(err.message).toMatch(/--suffix/);
    expect(err.message).toMatch(/--format/);
    for (const group of expected.groups) for (const input of group) expect(err.message).toContain(input);
  });

  test('the message shows the shared output and both inputs on one line', () => {
    const err = planError(() => planJobs(options({ format: 'jpeg' }), [entry('a.jpg'), entry('a.png')]));
    expect(err.message).toContain(`${path.join(OUT, 'a.jpg')} ← ${path.join(IN, 'a.jpg')}, ${path.join(IN, 'a.png')}`);
  });

  test('skipped entries never collide', () => {
    const plan = planJobs(options({ format: 'jpeg' }), [entry('a.jpg'), entry('a.png', '', { skip: 'not-regular-file' })]);
    expect(plan.jobs).toHaveLength(1);
    expect(plan.settled).toHaveLength(1);
  });
});

describe('planJobs: writing over an input', () => {
  const sameFolder = (overrides: Partial<BatchOptions> = {}): ResolvedOptions => options({ out: IN, ...overrides });

  test('out folder == input folder, keep format, no suffix → PlanError', () => {
    const err = planError(() => planJobs(sameFolder(), [entry('a.jpg'), entry('b.png')]));
    expect(err.exitCode).toBe(2);
    expect(err.code).toBe('PLAN_CONFLICT');
    expect(err.message).toMatch(/^Expected every output to differ from every input, but 2 would overwrite an input:/);
    expect(err.message).toMatch(/overwrite an input/);
    expect(err.message).toMatch(/--out folder or add a --suffix/);
    expect(err.groups).toEqual([
      [path.join(IN, 'a.jpg'), path.join(IN, 'a.jpg')],
      [path.join(IN, 'b.png'), path.join(IN, 'b.png')],
    ]);
  });

  test("one job's output is another job's input (a.png → a.jpg next to a.jpg)", () => {
    const err = planError(() => planJobs(sameFolder({ format: 'jpeg', suffix: '' }), [entry('a.png'), entry('a.jpg')]));
    expect(err.message).toMatch(/overwrite an input/);
    expect(err.message).toContain(`${path.join(IN, 'a.png')} → ${path.join(IN, 'a.jpg')} is the input ${path.join(IN, 'a.jpg')}`);
  });

  test('an output differing from an input only in case still counts as overwriting it', () => {
    const err = planError(() => planJobs(sameFolder({ format: 'jpeg' }), [entry('a.png'), entry('A.JPG', '', { skip: 'not-regular-file' })]));
    expect(err.message).toMatch(/1 would overwrite an input/);
  });

  const fine: readonly { name: string; args: Partial<BatchOptions> }[] = [
    { name: 'with a suffix', args: { suffix: '_small' } },
    { name: 'with a format that changes every extension', args: { format: 'webp' } },
  ];
  test.each(fine)('same folder $name → no error', ({ args }) => {
    const plan = planJobs(sameFolder(args), [entry('a.jpg'), entry('b.png')]);
    expect(plan.jobs).toHaveLength(2);
    for (const job of plan.jobs) expect(job.outputs[0]?.path).not.toBe(job.input);
  });
});
