import os from 'node:os';
import path from 'node:path';
import { OptionsError, formatIssue, describeValue, type Issue } from '../../src/core/errors';
import { DEFAULTS, resolveOptions, validateOptions, type BatchOptions, type ResolvedOptions } from '../../src/core/options';
import { toBatchOptions, type MakeOp } from '../../src/cli/parse';
import { RESIZE_OPTION_SPECS, THUMBNAIL_OPTION_SPECS } from '../../src/core/op-specs';
import type { SharedFlags } from '../../src/cli/shared-flags';

const cwd = path.resolve(os.tmpdir(), 'imgbatch-options-cwd');

const base: BatchOptions = { inputs: ['photos'], out: 'out', op: { op: 'grayscale' }, cwd };

/** Builds options from `base` plus overrides that may hold values the types forbid (as JS callers can). */
function withOverrides(overrides: Record<string, unknown>): BatchOptions {
  return { ...base, ...overrides };
}

function issuesOf(options: BatchOptions): readonly Issue[] {
  const v = validateOptions(options);
  if (v.ok) throw new Error(`expected validation to fail, got ${JSON.stringify(v.options)}`);
  return v.issues;
}

describe('validateOptions: defaults', () => {
  test('fills every default and resolves out against cwd', () => {
    const v = validateOptions(base);
    if (!v.ok) throw new Error(`unexpected issues: ${v.issues.map(formatIssue).join('; ')}`);
    expect(v.options).toEqual({
      inputs: ['photos'],
      out: path.join(cwd, 'out'),
      op: { op: 'grayscale' },
      recursive: false,
      concurrency: os.availableParallelism(),
      format: 'keep',
      quality: 85,
      optimizeCoding: 'auto',
      suffix: '',
      skipExisting: false,
      overwrite: false,
      incremental: false,
      force: false,
      prune: false,
      dryRun: false,
      keepMetadata: false,
      maxPixels: 268402689,
      allowSvg: false,
      followExternalSymlinks: false,
      timeout: 60,
      isolate: true,
      null: false,
      cwd,
    });
  });

  test('DEFAULTS match the documented values', () => {
    expect(DEFAULTS).toMatchObject({
      recursive: false,
      concurrency: os.availableParallelism(),
      format: 'keep',
      quality: 85,
      optimizeCoding: 'auto',
      suffix: '',
      maxPixels: 268402689,
    });
  });

  test('cwd defaults to process.cwd() and an absolute out is kept', () => {
    const { cwd: _ignored, ...noCwd } = base;
    const relative = resolveOptions(noCwd);
    expect(relative.cwd).toBe(process.cwd());
    expect(relative.out).toBe(path.resolve(process.cwd(), 'out'));
    const absoluteOut = path.join(os.tmpdir(), 'elsewhere');
    expect(resolveOptions({ ...base, out: absoluteOut }).out).toBe(absoluteOut);
  });

  test('given values win over defaults', () => {
    const o = resolveOptions({
      ...base,
      recursive: true,
      concurrency: 3,
      format: 'webp',
      quality: 40,
      suffix: '_s',
      skipExisting: true,
      keepMetadata: true,
      maxPixels: 1000,
    });
    expect(o).toMatchObject({
      recursive: true,
      concurrency: 3,
      format: 'webp',
      quality: 40,
      suffix: '_s',
      skipExisting: true,
      keepMetadata: true,
      maxPixels: 1000,
    });
  });

  test('inputs are copied, not aliased', () => {
    const inputs = ['a', 'b'];
    const o = resolveOptions({ ...base, inputs });
    inputs.push('c');
    expect(o.inputs).toEqual(['a', 'b']);
  });
});

describe('validateOptions: inputs or a list of files (filesFrom)', () => {
  const { inputs: _inputs, ...noInputs } = base;
  const cases: readonly { name: string; given: Record<string, unknown>; expected: readonly string[] }[] = [
    { name: 'inputs alone', given: base, expected: [] },
    { name: 'a list alone, with null and root', given: { ...noInputs, filesFrom: 'list', null: true, root: 'p' }, expected: [] },
    { name: 'neither', given: noInputs, expected: ['Expected files, folders or globs (inputs), or a list of files (filesFrom), but received neither'] },
    {
      name: 'both',
      given: { ...base, filesFrom: 'list' },
      expected: ['Expected either inputs or filesFrom, not both, but received inputs "photos" and filesFrom "list"'],
    },
    {
      name: 'null and root without a list',
      given: { ...base, null: true, root: 'p' },
      expected: [
        'Expected null only together with filesFrom for null but received true',
        'Expected root only together with filesFrom for root but received "p"',
      ],
    },
    { name: 'null: false without a list', given: { ...base, null: false }, expected: [] },
    {
      name: 'an empty list path',
      given: { ...noInputs, filesFrom: '' },
      expected: ['Expected a file path, or - for standard input for filesFrom but received ""'],
    },
  ];
  test.each(cases)('$name', ({ given, expected }) => {
    const v = validateOptions(given as BatchOptions);
    expect(v.ok ? [] : v.issues.map(formatIssue)).toEqual(expected);
  });

  test('the list and the root are resolved against cwd; - (standard input) is kept', () => {
    const listed = resolveOptions({ ...noInputs, filesFrom: 'lists/a.txt', root: 'p' });
    expect(listed).toMatchObject({ filesFrom: path.join(cwd, 'lists', 'a.txt'), root: path.join(cwd, 'p'), null: false });
    expect(listed.inputs).toBeUndefined();
    expect(resolveOptions({ ...noInputs, filesFrom: '-' }).filesFrom).toBe('-');
  });
});

describe('validateOptions: every issue at once', () => {
  test('bad concurrency, quality and op.width give three issues with their paths', () => {
    const issues = issuesOf(withOverrides({ concurrency: 0, quality: 101, op: { op: 'resize', width: -5 } }));
    expect(issues).toHaveLength(3);
    expect(issues.map((i) => i.path).sort()).toEqual(['concurrency', 'op.width', 'quality']);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'concurrency', expected: 'a positive integer', received: 0 },
        { path: 'quality', expected: 'an integer from 1 to 100', received: 101 },
        { path: 'op.width', expected: 'a positive integer', received: -5 },
      ]),
    );
  });

  test('resolveOptions throws one OptionsError listing each issue on its own line', () => {
    let caught: unknown;
    try {
      resolveOptions(withOverrides({ inputs: [], format: 'bmp', suffix: 'a/b' }));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(OptionsError);
    if (!(caught instanceof OptionsError)) return;
    expect(caught.code).toBe('INVALID_OPTIONS');
    expect(caught.exitCode).toBe(2);
    expect(caught.issues.map((i) => i.path)).toEqual(['inputs', 'format', 'suffix']);
    const lines = caught.message.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Expected a non-empty list of paths or globs for inputs but received \[\] \(object\)$/);
    expect(lines[1]).toMatch(/^Expected one of keep, jpeg, png, webp, avif for format but received "bmp"$/);
    expect(lines[2]).toMatch(/^Expected text without \/ \\ or NUL for suffix but received "a\/b"$/);
  });
});

interface InvalidCase {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly expected: { readonly path: string; readonly message: RegExp };
}

const invalid: readonly InvalidCase[] = [
  {
    name: 'concurrency 0',
    args: { concurrency: 0 },
    expected: { path: 'concurrency', message: /^Expected a positive integer for concurrency but received 0$/ },
  },
  { name: 'concurrency -1', args: { concurrency: -1 }, expected: { path: 'concurrency', message: /received -1$/ } },
  { name: 'concurrency 1.5', args: { concurrency: 1.5 }, expected: { path: 'concurrency', message: /received 1\.5$/ } },
  { name: 'concurrency NaN', args: { concurrency: Number.NaN }, expected: { path: 'concurrency', message: /received NaN$/ } },
  { name: 'concurrency Infinity', args: { concurrency: Number.POSITIVE_INFINITY }, expected: { path: 'concurrency', message: /received Infinity$/ } },
  { name: 'concurrency as text', args: { concurrency: '4' }, expected: { path: 'concurrency', message: /received "4"$/ } },
  { name: 'quality 0', args: { quality: 0 }, expected: { path: 'quality', message: /^Expected an integer from 1 to 100 for quality but received 0$/ } },
  { name: 'quality -1', args: { quality: -1 }, expected: { path: 'quality', message: /received -1$/ } },
  { name: 'quality 1.5', args: { quality: 1.5 }, expected: { path: 'quality', message: /received 1\.5$/ } },
  { name: 'quality NaN', args: { quality: Number.NaN }, expected: { path: 'quality', message: /received NaN$/ } },
  { name: 'quality 101', args: { quality: 101 }, expected: { path: 'quality', message: /^Expected an integer from 1 to 100 for quality but received 101$/ } },
  {
    name: "optimizeCoding 'on'",
    args: { optimizeCoding: 'on' },
    expected: { path: 'optimizeCoding', message: /^Expected 'auto', true or false for optimizeCoding but received "on"$/ },
  },
  { name: 'maxPixels 0', args: { maxPixels: 0 }, expected: { path: 'maxPixels', message: /^Expected a positive integer for maxPixels but received 0$/ } },
  { name: 'maxPixels 1.5', args: { maxPixels: 1.5 }, expected: { path: 'maxPixels', message: /received 1\.5$/ } },
  {
    name: "format 'bmp'",
    args: { format: 'bmp' },
    expected: { path: 'format', message: /^Expected one of keep, jpeg, png, webp, avif for format but received "bmp"$/ },
  },
  { name: "format 'gif' (written only under keep)", args: { format: 'gif' }, expected: { path: 'format', message: /received "gif"$/ } },
  { name: 'suffix with /', args: { suffix: 'a/b' }, expected: { path: 'suffix', message: /^Expected text without .* for suffix but received "a\/b"$/ } },
  { name: 'suffix with \\', args: { suffix: 'a\\b' }, expected: { path: 'suffix', message: /for suffix/ } },
  { name: 'suffix with NUL', args: { suffix: 'a\0b' }, expected: { path: 'suffix', message: /for suffix/ } },
  { name: 'empty inputs', args: { inputs: [] }, expected: { path: 'inputs', message: /^Expected a non-empty list of paths or globs for inputs/ } },
  { name: 'inputs holding an empty string', args: { inputs: ['a', ''] }, expected: { path: 'inputs', message: /for inputs/ } },
  { name: 'inputs not an array', args: { inputs: 'photos' }, expected: { path: 'inputs', message: /for inputs but received "photos"$/ } },
  { name: 'empty out', args: { out: '' }, expected: { path: 'out', message: /^Expected an output folder path for out but received ""$/ } },
  { name: 'missing out', args: { out: undefined }, expected: { path: 'out', message: /for out but received nothing$/ } },
  {
    name: 'thumbnail size 0',
    args: { op: { op: 'thumbnail', size: 0 } },
    expected: { path: 'op.size', message: /^Expected a positive integer for op\.size but received 0$/ },
  },
  { name: 'thumbnail without size', args: { op: { op: 'thumbnail' } }, expected: { path: 'op.size', message: /received nothing$/ } },
  { name: 'resize width 1.5', args: { op: { op: 'resize', width: 1.5 } }, expected: { path: 'op.width', message: /for op\.width but received 1\.5$/ } },
  { name: 'resize height 0', args: { op: { op: 'resize', height: 0 } }, expected: { path: 'op.height', message: /for op\.height but received 0$/ } },
  {
    name: 'unknown op kind',
    args: { op: { op: 'blur' } },
    expected: { path: 'op.op', message: /^Expected one of resize, grayscale, sepia, thumbnail for op\.op but received "blur"$/ },
  },
  {
    name: 'an op field the op does not take (a typo)',
    args: { op: { op: 'resize', widht: 320 } },
    expected: { path: 'op.widht', message: /^Expected one of the fields op, width, height \(a resize op takes no widht\) for op\.widht but received 320$/ },
  },
  {
    name: 'the 0.2 spelling of an op (kind)',
    args: { op: { kind: 'resize' } },
    expected: { path: 'op', message: /^Expected an op object with an op field for op but received/ },
  },
  {
    name: 'a misspelt option',
    args: { qualty: 80 },
    expected: { path: 'qualty', message: /^Unknown option "qualty"; the options are inputs, op, outputs, cwd, \$schema, out, recursive, / },
  },
  {
    name: 'recursive as text',
    args: { recursive: 'yes' },
    expected: { path: 'recursive', message: /^Expected true or false for recursive but received "yes"$/ },
  },
  { name: 'isolate as 0', args: { isolate: 0 }, expected: { path: 'isolate', message: /^Expected true or false for isolate but received 0$/ } },
  {
    name: 'timeout 3601',
    args: { timeout: 3601 },
    expected: { path: 'timeout', message: /^Expected a whole number of seconds from 0 \(no limit\) to 3600 for timeout but received 3601$/ },
  },
  { name: 'op without its op field', args: { op: {} }, expected: { path: 'op', message: /^Expected an op object with an op field for op/ } },
  { name: 'op null', args: { op: null }, expected: { path: 'op', message: /for op but received null$/ } },
];

describe('validateOptions: invalid values', () => {
  test.each(invalid)('$name', ({ args, expected }) => {
    const issues = issuesOf(withOverrides(args));
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    if (issue === undefined) throw new Error('no issue');
    expect(issue.path).toBe(expected.path);
    expect(formatIssue(issue)).toMatch(expected.message);
  });
});

interface ValidCase {
  readonly name: string;
  readonly args: Record<string, unknown>;
}

const valid: readonly ValidCase[] = [
  { name: 'quality 1', args: { quality: 1 } },
  { name: 'quality 100', args: { quality: 100 } },
  { name: 'concurrency 1', args: { concurrency: 1 } },
  { name: 'resize with width only', args: { op: { op: 'resize', width: 10 } } },
  { name: 'resize with neither width nor height', args: { op: { op: 'resize' } } },
  { name: 'thumbnail size 1', args: { op: { op: 'thumbnail', size: 1 } } },
  { name: 'sepia', args: { op: { op: 'sepia' } } },
  { name: 'suffix with spaces and dots', args: { suffix: ' small.v2' } },
  { name: 'every format choice: avif', args: { format: 'avif' } },
];

describe('validateOptions: boundary values accepted', () => {
  test.each(valid)('$name', ({ args }) => {
    const v = validateOptions(withOverrides(args));
    expect(v.ok ? [] : v.issues.map(formatIssue)).toEqual([]);
  });
});

describe('formatIssue / describeValue', () => {
  const cases: readonly { name: string; args: Issue; expected: string }[] = [
    {
      name: 'string received',
      args: { path: '--width', expected: 'a positive integer', received: 'abc' },
      expected: 'Expected a positive integer for --width but received "abc"',
    },
    {
      name: 'number received',
      args: { path: 'quality', expected: 'an integer from 1 to 100', received: 101 },
      expected: 'Expected an integer from 1 to 100 for quality but received 101',
    },
    {
      name: 'nothing received',
      args: { path: 'out', expected: 'an output folder path', received: undefined },
      expected: 'Expected an output folder path for out but received nothing',
    },
    {
      name: 'object received',
      args: { path: 'op', expected: 'an op object', received: { a: 1 } },
      expected: 'Expected an op object for op but received {"a":1} (object)',
    },
  ];
  test.each(cases)('$name', ({ args, expected }) => {
    expect(formatIssue(args)).toBe(expected);
  });

  test('describeValue survives values JSON cannot encode', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(describeValue(cyclic)).toBe('object');
    expect(describeValue(10n)).toBe('bigint');
  });
});

describe('toBatchOptions', () => {
  const flags = (overrides: Partial<SharedFlags> = {}): SharedFlags => ({
    inputs: ['photos'],
    out: 'out',
    recursive: false,
    null: false,
    skipExisting: false,
    overwrite: false,
    incremental: false,
    force: false,
    prune: false,
    dryRun: false,
    keepMetadata: false,
    allowSvg: false,
    followExternalSymlinks: false,
    isolate: true,
    json: false,
    quiet: false,
    progress: true,
    ...overrides,
  });
  type Flags = Partial<SharedFlags> & { readonly width?: string; readonly height?: string; readonly size?: string };
  const resize: MakeOp<SharedFlags> = () => ({ kind: 'resize', specs: RESIZE_OPTION_SPECS });
  const parse = (given: Flags, makeOp: MakeOp<SharedFlags> = resize): ResolvedOptions => toBatchOptions(flags(given), makeOp, [], cwd);

  function optionsError(fn: () => unknown): OptionsError {
    try {
      fn();
    } catch (e) {
      if (e instanceof OptionsError) return e;
      throw e;
    }
    throw new Error('expected an OptionsError');
  }

  test('good flags become checked library options with numbers parsed', () => {
    const o = parse({ concurrency: '3', quality: '70', format: 'WEBP', suffix: '_x', maxPixels: '1000', recursive: true, width: '640' });
    expect(o).toEqual({
      ...resolveOptions({ ...base, op: { op: 'resize', width: 640 } }),
      recursive: true,
      concurrency: 3,
      maxPixels: 1000,
      quality: 70,
      format: 'webp',
      suffix: '_x',
    });
  });

  test('absent flags take the library defaults', () => {
    expect(parse({})).toEqual(resolveOptions({ ...base, op: { op: 'resize' } }));
  });

  test('lists every issue at once, each flag named exactly once', () => {
    const err = optionsError(() => parse({ quality: '101', format: 'bmp', concurrency: '0', width: 'abc' }));
    expect(err.exitCode).toBe(2);
    expect(err.issues.map((i) => i.path).sort()).toEqual(['--concurrency', '--format', '--quality', '--width']);
    const lines = err.message.split('\n');
    expect(lines).toHaveLength(4);
    expect(err.message).toMatch(/^Expected a positive integer for --width but received "abc"$/m);
    expect(err.message).toMatch(/^Expected a positive integer for --concurrency but received "0"$/m);
    expect(err.message).toMatch(/^Expected an integer from 1 to 100 for --quality but received "101"$/m);
    expect(err.message).toMatch(/^Expected one of keep, jpeg \(or jpg\), png, webp, avif, in any case for --format but received "bmp"$/m);
    for (const flag of ['--width', '--concurrency', '--quality', '--format']) {
      expect(lines.filter((l) => l.includes(` for ${flag} `))).toHaveLength(1);
    }
    // Library option paths never leak into a CLI message.
    expect(err.message).not.toMatch(/for (op\.width|quality|format|concurrency) /);
  });

  const single: readonly { name: string; args: { flags: Flags }; expected: RegExp }[] = [
    { name: 'quality "101"', args: { flags: { quality: '101' } }, expected: /^Expected an integer from 1 to 100 for --quality but received "101"$/ },
    { name: 'quality "0"', args: { flags: { quality: '0' } }, expected: /^Expected an integer from 1 to 100 for --quality but received "0"$/ },
    { name: 'quality "abc"', args: { flags: { quality: 'abc' } }, expected: /^Expected an integer from 1 to 100 for --quality but received "abc"$/ },
    { name: 'concurrency "1.5"', args: { flags: { concurrency: '1.5' } }, expected: /^Expected a positive integer for --concurrency but received "1\.5"$/ },
    { name: 'max-pixels "-1"', args: { flags: { maxPixels: '-1' } }, expected: /^Expected a positive integer for --max-pixels but received "-1"$/ },
    {
      name: 'format "bmp"',
      args: { flags: { format: 'bmp' } },
      expected: /^Expected one of keep, jpeg \(or jpg\), png, webp, avif, in any case for --format but received "bmp"$/,
    },
    { name: 'suffix "a/b"', args: { flags: { suffix: 'a/b' } }, expected: /^Expected text without .* for --suffix but received "a\/b"$/ },
    { name: 'width "1e3"', args: { flags: { width: '1e3' } }, expected: /^Expected a positive integer for --width but received "1e3"$/ },
    {
      name: 'no inputs',
      args: { flags: { inputs: [] } },
      expected: /^Expected files, folders or globs \(<inputs\.\.>\), or a list of files \(--files-from\), but received neither$/,
    },
    { name: 'empty out', args: { flags: { out: '' } }, expected: /^Expected an output folder path for --out but received ""$/ },
  ];

  test.each(single)('$name → one issue naming the flag', ({ args, expected }) => {
    const err = optionsError(() => parse(args.flags));
    expect(err.issues).toHaveLength(1);
    expect(err.message).toMatch(expected);
  });

  test('an op issue on the library path is mapped to its flag as typed (--size)', () => {
    const err = optionsError(() => parse({ size: '0' }, () => ({ kind: 'thumbnail', specs: THUMBNAIL_OPTION_SPECS })));
    expect(err.message).toMatch(/^Expected a positive integer for --size but received "0"$/);
  });

  test('the thumbnail size takes its declared default when not given', () => {
    expect(parse({}, () => ({ kind: 'thumbnail', specs: THUMBNAIL_OPTION_SPECS })).op).toEqual({ op: 'thumbnail', size: 150 });
  });

  // What a whole number looks like on the command line, for every flag that takes one.
  const widths: readonly { name: string; args: string; expected: number | undefined }[] = [
    { name: '"12"', args: '12', expected: 12 },
    { name: '" 7 " (trimmed)', args: ' 7 ', expected: 7 },
    { name: '"007"', args: '007', expected: 7 },
    { name: '"1"', args: '1', expected: 1 },
    { name: '"abc"', args: 'abc', expected: undefined },
    { name: '"0"', args: '0', expected: undefined },
    { name: '"-3"', args: '-3', expected: undefined },
    { name: '"+3"', args: '+3', expected: undefined },
    { name: '"1.5"', args: '1.5', expected: undefined },
    { name: '"1e3"', args: '1e3', expected: undefined },
    { name: '"0x10"', args: '0x10', expected: undefined },
    { name: '""', args: '', expected: undefined },
    { name: '"   "', args: '   ', expected: undefined },
    { name: 'beyond MAX_SAFE_INTEGER', args: '9007199254740993', expected: undefined },
  ];
  test.each(widths)('--width $name → $expected', ({ args, expected }) => {
    if (expected !== undefined) {
      expect(parse({ width: args }).op).toEqual({ op: 'resize', width: expected });
      return;
    }
    const err = optionsError(() => parse({ width: args }));
    expect(err.issues).toEqual([{ path: '--width', expected: 'a positive integer', received: args }]);
    expect(err.message).toBe(`Expected a positive integer for --width but received ${JSON.stringify(args)}`);
  });
});
