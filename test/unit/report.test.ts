import path from 'node:path';
import type { FailedResult, JobResult, OkResult, OutputResult, SkippedResult, Summary } from '../../src/core/types';
import { COLOUR, PLAIN, displayPath, escapeControl, formatBytes, formatMs, formatResultLine, formatSummary } from '../../src/report/format';
import { fileRecord, summaryRecord } from '../../src/report/records';
import { percentile, summarize, type SummaryContext } from '../../src/batch/metrics';

const cwd = path.resolve('/', 'work', 'project');

const ok = (overrides: Partial<OkResult> = {}): OkResult => ({
  status: 'ok',
  input: path.join(cwd, 'photos', 'a.jpg'),
  bytesIn: 1234567,
  bytesOut: 96000,
  width: 1600,
  height: 1066,
  pixelsIn: 2_000_000,
  ms: 43,
  outputs: [{ path: path.join(cwd, 'out', 'a.jpg'), format: 'jpeg', width: 800, height: 533, bytes: 96000, ms: 40 }],
  ...overrides,
});

const failed = (overrides: Partial<FailedResult> = {}): FailedResult => ({
  status: 'failed',
  input: path.join(cwd, 'bad', 'corrupt.jpg'),
  outputs: [],
  bytesIn: 500,
  ms: 10,
  error: { code: 'DECODE_FAILED', message: 'Input file could not be decoded' },
  ...overrides,
});

const skipped = (overrides: Partial<SkippedResult> = {}): SkippedResult => ({
  status: 'skipped',
  input: path.join(cwd, 'photos', 'b.jpg'),
  outputs: [],
  bytesIn: 777,
  ms: 1000,
  reason: 'exists',
  ...overrides,
});

const ctx = (overrides: Partial<SummaryContext> = {}): SummaryContext => ({
  wallMs: 1000,
  startedAt: Date.UTC(2026, 11, 3, 9, 0, 0),
  endedAt: Date.UTC(2026, 11, 3, 9, 0, 1),
  interrupted: false,
  interruptExitCode: 130,
  internalError: false,
  ...overrides,
});

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('percentile (nearest rank)', () => {
  const cases: readonly { name: string; args: { values: readonly number[]; p: number }; expected: number }[] = [
    { name: 'empty → 0', args: { values: [], p: 50 }, expected: 0 },
    { name: '[5] p50', args: { values: [5], p: 50 }, expected: 5 },
    { name: '[5] p95', args: { values: [5], p: 95 }, expected: 5 },
    { name: '[5] p0', args: { values: [5], p: 0 }, expected: 5 },
    { name: '1..20 p50', args: { values: range(1, 20), p: 50 }, expected: 10 },
    { name: '1..20 p95', args: { values: range(1, 20), p: 95 }, expected: 19 },
    { name: '1..20 p100', args: { values: range(1, 20), p: 100 }, expected: 20 },
    { name: '1..100 p50', args: { values: range(1, 100), p: 50 }, expected: 50 },
    { name: '1..100 p95', args: { values: range(1, 100), p: 95 }, expected: 95 },
    { name: '1..100 p1', args: { values: range(1, 100), p: 1 }, expected: 1 },
    { name: '[1,2,3] p50 rounds the rank up', args: { values: [1, 2, 3], p: 50 }, expected: 2 },
    { name: '[10,20] p50', args: { values: [10, 20], p: 50 }, expected: 10 },
    { name: '[10,20] p51', args: { values: [10, 20], p: 51 }, expected: 20 },
  ];
  test.each(cases)('$name → $expected', ({ args, expected }) => {
    expect(percentile(args.values, args.p)).toBe(expected);
  });
});

describe('summarize', () => {
  test('counts, bytes and rates (skipped files count but add no bytes or time)', () => {
    const results: JobResult[] = [
      ok({ bytesIn: 3_000_000, bytesOut: 1_000_000, pixelsIn: 4_000_000, ms: 400 }),
      ok({ bytesIn: 1_000_000, bytesOut: 500_000, pixelsIn: 2_000_000, ms: 600 }),
      failed({ bytesIn: 1_000_000, ms: 1000 }),
      skipped({ bytesIn: 9_999_999, ms: 5000 }),
    ];
    const s = summarize(results, ctx({ wallMs: 2000 }));
    expect(s).toEqual<Summary>({
      total: 4,
      ok: 2,
      failed: 1,
      skipped: 1,
      outputs: 2,
      startedAt: '2026-12-03T09:00:00.000Z',
      endedAt: '2026-12-03T09:00:01.000Z',
      wallMs: 2000,
      filesPerSec: 1.5, // (2 ok + 1 failed) / 2 s
      megapixelsPerSec: 3, // 6 MP / 2 s
      bytesIn: 5_000_000, // the skipped file's 9.99 MB is not read
      bytesOut: 1_500_000,
      mbPerSec: 2.5, // 5 MB / 2 s
      p50Ms: 600,
      p95Ms: 1000,
      avgInFlight: 1, // (400 + 600 + 1000) / 2000
      interrupted: false,
      exitCode: 1,
    });
  });

  test('avgInFlight = sum of per-file ms / wall ms', () => {
    const results = [ok({ ms: 900 }), ok({ ms: 900 }), ok({ ms: 900 }), ok({ ms: 300 })];
    expect(summarize(results, ctx({ wallMs: 1000 })).avgInFlight).toBe(3);
    expect(summarize(results, ctx({ wallMs: 3000 })).avgInFlight).toBe(1);
  });

  test('rates are rounded to 2 decimals and wallMs to 1', () => {
    const s = summarize([ok({ ms: 10 })], ctx({ wallMs: 3000.04 }));
    expect(s.filesPerSec).toBe(0.33);
    expect(s.wallMs).toBe(3000);
  });

  test('percentiles come from sorted times whatever the result order', () => {
    const s = summarize([ok({ ms: 30 }), ok({ ms: 10 }), failed({ ms: 20 })], ctx());
    expect(s.p50Ms).toBe(20);
    expect(s.p95Ms).toBe(30);
  });

  test('zero wall time and no results give zeros, not NaN or Infinity', () => {
    const s = summarize([], ctx({ wallMs: 0 }));
    expect(s).toMatchObject({
      total: 0,
      ok: 0,
      failed: 0,
      skipped: 0,
      filesPerSec: 0,
      megapixelsPerSec: 0,
      mbPerSec: 0,
      p50Ms: 0,
      p95Ms: 0,
      avgInFlight: 0,
      exitCode: 0,
    });
    const one = summarize([ok()], ctx({ wallMs: 0 }));
    expect([one.filesPerSec, one.megapixelsPerSec, one.mbPerSec, one.avgInFlight]).toEqual([0, 0, 0, 0]);
  });

  const exitCodes: readonly { name: string; args: { results: JobResult[]; ctx: Partial<SummaryContext> }; expected: number }[] = [
    { name: 'all ok → 0', args: { results: [ok(), ok()], ctx: {} }, expected: 0 },
    { name: 'ok and skipped → 0', args: { results: [ok(), skipped()], ctx: {} }, expected: 0 },
    { name: 'nothing at all → 0', args: { results: [], ctx: {} }, expected: 0 },
    { name: 'a failure → 1', args: { results: [ok(), failed()], ctx: {} }, expected: 1 },
    { name: 'internal error alone → 3', args: { results: [ok()], ctx: { internalError: true } }, expected: 3 },
    { name: 'internal error + failure → 3', args: { results: [failed()], ctx: { internalError: true } }, expected: 3 },
    { name: 'interrupted (SIGINT) → 130', args: { results: [ok()], ctx: { interrupted: true, interruptExitCode: 130 } }, expected: 130 },
    {
      name: 'interrupted 130 overrides failure and internal',
      args: { results: [failed()], ctx: { interrupted: true, interruptExitCode: 130, internalError: true } },
      expected: 130,
    },
    { name: 'interrupted (SIGTERM) → 143', args: { results: [ok()], ctx: { interrupted: true, interruptExitCode: 143 } }, expected: 143 },
    {
      name: 'interrupted 143 overrides failure and internal',
      args: { results: [failed(), ok()], ctx: { interrupted: true, interruptExitCode: 143, internalError: true } },
      expected: 143,
    },
    { name: 'interruptExitCode ignored when not interrupted', args: { results: [failed()], ctx: { interrupted: false, interruptExitCode: 143 } }, expected: 1 },
  ];
  test.each(exitCodes)('exit code: $name', ({ args, expected }) => {
    const s = summarize(args.results, ctx(args.ctx));
    expect(s.exitCode).toBe(expected);
    expect(s.interrupted).toBe(args.ctx.interrupted ?? false);
  });
});

describe('formatBytes', () => {
  const cases: readonly { name: string; args: number; expected: string }[] = [
    { name: '0', args: 0, expected: '0 B' },
    { name: '999', args: 999, expected: '999 B' },
    { name: '1000', args: 1000, expected: '1.0 KB' },
    { name: '1500', args: 1500, expected: '1.5 KB' },
    { name: '96000', args: 96000, expected: '96 KB' },
    { name: '1234567', args: 1234567, expected: '1.2 MB' },
    { name: '25 MB', args: 25_000_000, expected: '25 MB' },
    { name: '3 GB', args: 3_000_000_000, expected: '3.0 GB' },
    { name: '2 TB', args: 2e12, expected: '2.0 TB' },
    { name: '9999 (no "10.0")', args: 9999, expected: '10 KB' },
    { name: '999999 (no "1000 KB")', args: 999_999, expected: '1.0 MB' },
    { name: '999499', args: 999_499, expected: '999 KB' },
  ];
  test.each(cases)('$name → $expected', ({ args, expected }) => {
    expect(formatBytes(args)).toBe(expected);
  });
});

describe('formatMs', () => {
  const cases: readonly { name: string; args: number; expected: string }[] = [
    { name: '43', args: 43, expected: '43 ms' },
    { name: '42.6', args: 42.6, expected: '43 ms' },
    { name: '1000', args: 1000, expected: '1.00 s' },
    { name: '2345', args: 2345, expected: '2.35 s' },
  ];
  test.each(cases)('$name → $expected', ({ args, expected }) => {
    expect(formatMs(args)).toBe(expected);
  });
});

describe('escapeControl', () => {
  const cases: readonly { name: string; args: string; expected: string }[] = [
    { name: 'newline', args: 'a\nb.jpg', expected: 'a\\nb.jpg' },
    { name: 'carriage return', args: 'a\rb', expected: 'a\\rb' },
    { name: 'tab', args: 'a\tb', expected: 'a\\tb' },
    { name: 'escape (ANSI)', args: '\x1b[31mred', expected: '\\x1b[31mred' },
    { name: 'NUL', args: 'a\0b', expected: 'a\\x00b' },
    { name: 'DEL', args: 'a\x7fb', expected: 'a\\x7fb' },
    { name: 'C1 CSI', args: 'a\u009bb', expected: 'a\\x9bb' },
    { name: 'ordinary unicode', args: 'café ☕ 写真.jpg', expected: 'café ☕ 写真.jpg' },
    { name: 'plain ascii', args: 'photos/a b.jpg', expected: 'photos/a b.jpg' },
    { name: 'right-to-left override', args: 'gpj.\u202eexe', expected: 'gpj.\\u202eexe' },
    { name: 'line separator', args: 'a\u2028b', expected: 'a\\u2028b' },
  ];
  test.each(cases)('$name', ({ args, expected }) => {
    expect(escapeControl(args)).toBe(expected);
  });
});

describe('displayPath', () => {
  const cases: readonly { name: string; args: string; expected: string }[] = [
    { name: 'inside cwd → relative', args: path.join(cwd, 'photos', 'a.jpg'), expected: path.join('photos', 'a.jpg') },
    { name: 'directly in cwd → relative', args: path.join(cwd, 'a.jpg'), expected: 'a.jpg' },
    { name: 'outside cwd → absolute', args: path.resolve('/', 'elsewhere', 'a.jpg'), expected: path.resolve('/', 'elsewhere', 'a.jpg') },
    { name: 'sibling with cwd as prefix → absolute', args: `${cwd}-other${path.sep}a.jpg`, expected: `${cwd}-other${path.sep}a.jpg` },
    { name: 'cwd itself → absolute', args: cwd, expected: cwd },
    { name: 'escaped', args: path.join(cwd, 'a\nb.jpg'), expected: 'a\\nb.jpg' },
  ];
  test.each(cases)('$name', ({ args, expected }) => {
    expect(displayPath(args, cwd)).toBe(expected);
  });

  test('a name starting with ".." inside cwd is still shown relative', () => {
    expect(displayPath(path.join(cwd, '..a.jpg'), cwd)).toBe('..a.jpg');
  });
});

describe('formatResultLine', () => {
  const cases: readonly { name: string; args: JobResult; expected: RegExp }[] = [
    {
      name: 'ok',
      args: ok(),
      expected: new RegExp(`^✓ ${esc(path.join('photos', 'a.jpg'))} → ${esc(path.join('out', 'a.jpg'))}  800×533  1\\.2 MB → 96 KB  43 ms$`),
    },
    {
      name: 'failed',
      args: failed(),
      expected: new RegExp(`^✗ ${esc(path.join('bad', 'corrupt.jpg'))}: Input file could not be decoded \\[DECODE_FAILED\\]$`),
    },
    { name: 'skipped (exists)', args: skipped(), expected: new RegExp(`^- ${esc(path.join('photos', 'b.jpg'))}: skipped \\(exists\\)$`) },
    { name: 'skipped (not-regular-file)', args: skipped({ reason: 'not-regular-file' }), expected: /: skipped \(not-regular-file\)$/ },
    { name: 'skipped (interrupted)', args: skipped({ reason: 'interrupted' }), expected: /: skipped \(interrupted\)$/ },
  ];
  test.each(cases)('$name', ({ args, expected }) => {
    expect(formatResultLine(args, cwd)).toMatch(expected);
  });

  test('ok with warnings adds one escaped line per warning', () => {
    const line = formatResultLine(ok({ warnings: ['ICC dropped', 'bad\x1bname'] }), cwd);
    expect(line.split('\n')).toEqual([expect.stringMatching(/^✓ /), '  warning: ICC dropped', '  warning: bad\\x1bname']);
  });

  test('control characters in names and messages are escaped, so a result is one line', () => {
    const line = formatResultLine(failed({ input: path.join(cwd, 'x\ny.jpg'), error: { code: 'PROCESSING_FAILED', message: 'boom\r\nfake line' } }), cwd);
    expect(line).not.toMatch(/[\n\r]/);
    expect(line).toContain('x\\ny.jpg');
    expect(line).toContain('boom\\r\\nfake line');
  });

  test('COLOUR wraps the marks in ANSI codes, PLAIN does not', () => {
    // eslint-disable-next-line no-control-regex -- the colour codes are what is tested
    expect(formatResultLine(ok(), cwd, COLOUR)).toMatch(/^\u001b\[32m✓\u001b\[0m /);
    // eslint-disable-next-line no-control-regex -- the colour codes are what is tested
    expect(formatResultLine(failed(), cwd, COLOUR)).toMatch(/^\u001b\[31m✗\u001b\[0m /);
    // eslint-disable-next-line no-control-regex -- the colour codes are what is tested
    expect(formatResultLine(ok(), cwd, PLAIN)).not.toMatch(/\u001b/);
  });
});

describe('formatSummary', () => {
  test('three lines with counts, rates and per-file times', () => {
    const s = summarize([ok({ ms: 400 }), failed({ ms: 600 }), skipped()], ctx({ wallMs: 2000 }));
    const lines = formatSummary(s, 4).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('1 ok, 1 failed, 1 skipped in 2.00 s');
    expect(lines[1]).toMatch(/^1 images\/s · 1 MP\/s · 0\.62 MB\/s read · 1\.2 MB → 96 KB$/);
    expect(lines[2]).toBe('per file p50 400 ms, p95 600 ms · 0.5 files in flight on average (-j 4)');
  });

  test('interrupted is said', () => {
    const s = summarize([ok()], ctx({ interrupted: true }));
    expect(formatSummary(s, 1)).toMatch(/^1 ok, 0 failed, 0 skipped in 1\.00 s \(interrupted\)\n/);
  });

  test('files written are said when inputs have several outputs (a failed input counts those it wrote)', () => {
    const two = ok().outputs.concat(ok().outputs);
    const s = summarize([ok({ outputs: two }), failed({ outputs: ok().outputs })], ctx());
    expect(formatSummary(s, 1)).toMatch(/^1 ok, 1 failed, 0 skipped \(3 outputs\) in 1\.00 s\n/);
  });
});

describe('formatResultLine with several outputs', () => {
  const out = (name: string, more: Partial<OutputResult> = {}): OutputResult => ({
    path: path.join(cwd, 'site', name),
    format: 'webp',
    width: 200,
    height: 150,
    bytes: 2200,
    ms: 3,
    ...more,
  });
  test('the input size and totals, then one line per output; an output at the source width says so', () => {
    const line = formatResultLine(
      ok({ width: 200, height: 150, bytesOut: 4400, outputs: [out('c-200.webp', { atSourceWidth: true }), out('c-200.jpg')] }),
      cwd,
    );
    expect(line.split('\n')).toEqual([
      `✓ ${path.join('photos', 'a.jpg')}  200×150 → 2 outputs  1.2 MB → 4.4 KB  43 ms`,
      `    → ${path.join('site', 'c-200.webp')}  200×150  2.2 KB  (the source's own width: never enlarged)`,
      `    → ${path.join('site', 'c-200.jpg')}  200×150  2.2 KB`,
    ]);
  });
  test('a failed input lists the outputs it wrote under its error', () => {
    const line = formatResultLine(failed({ outputs: [out('a-320.webp')] }), cwd);
    expect(line.split('\n')).toEqual([expect.stringMatching(/\[DECODE_FAILED\]$/), `    → ${path.join('site', 'a-320.webp')}  200×150  2.2 KB`]);
  });
});

describe('fileRecord (schema 2)', () => {
  const written: OutputResult = { path: path.join(cwd, 'out', 'a.jpg'), format: 'jpeg', width: 800, height: 533, bytes: 96000, ms: 40 };

  test('ok: exact keys, the input size, every output; no error or reason', () => {
    const r = fileRecord(ok());
    expect(Object.keys(r).sort()).toEqual(['bytesIn', 'bytesOut', 'height', 'input', 'ms', 'outputs', 'status', 'type', 'width']);
    expect(r).toEqual({
      type: 'file',
      input: path.join(cwd, 'photos', 'a.jpg'),
      status: 'ok',
      width: 1600,
      height: 1066,
      bytesIn: 1234567,
      bytesOut: 96000,
      ms: 43,
      outputs: [written],
    });
  });

  test('an output made at the source width says so; others carry no such key', () => {
    const r = fileRecord(
      ok({
        outputs: [
          { ...written, atSourceWidth: true },
          { ...written, path: 'b' },
        ],
      }),
    );
    expect(r['outputs']).toEqual([
      { ...written, atSourceWidth: true },
      { ...written, path: 'b' },
    ]);
  });

  test('ok with warnings carries them', () => {
    expect(fileRecord(ok({ warnings: ['w'] }))).toMatchObject({ status: 'ok', warnings: ['w'] });
  });

  test('failed: exact keys, error set, no outputs', () => {
    const r = fileRecord(failed());
    expect(Object.keys(r).sort()).toEqual(['bytesIn', 'error', 'input', 'ms', 'outputs', 'status', 'type']);
    expect(r).toEqual({
      type: 'file',
      input: path.join(cwd, 'bad', 'corrupt.jpg'),
      status: 'failed',
      error: { code: 'DECODE_FAILED', message: 'Input file could not be decoded' },
      bytesIn: 500,
      ms: 10,
      outputs: [],
    });
  });

  test('failed after some outputs: the input size and the outputs that were written', () => {
    const r = fileRecord(failed({ width: 1600, height: 1066, outputs: [written] }));
    expect(r).toMatchObject({ status: 'failed', width: 1600, height: 1066, outputs: [written] });
  });

  const skips: readonly { name: string; args: SkippedResult; expected: Record<string, unknown> }[] = [
    { name: 'exists (nothing written)', args: skipped(), expected: { reason: 'exists', outputs: [] } },
    { name: 'not-regular-file (nothing written)', args: skipped({ reason: 'not-regular-file' }), expected: { reason: 'not-regular-file', outputs: [] } },
  ];
  test.each(skips)('skipped $name: exact keys, reason set', ({ args, expected }) => {
    const r = fileRecord(args);
    expect(Object.keys(r).sort()).toEqual(['bytesIn', 'input', 'ms', 'outputs', 'reason', 'status', 'type']);
    expect(r).toMatchObject({ type: 'file', status: 'skipped', ...expected });
  });

  test('every record survives JSON round-trip unchanged', () => {
    for (const res of [ok(), failed(), skipped()]) {
      const rec = fileRecord(res);
      expect(JSON.parse(JSON.stringify(rec))).toEqual(rec);
    }
  });
});

describe('summaryRecord', () => {
  test('has exactly the documented keys, schema 2', () => {
    const s = summarize([ok(), failed(), skipped()], ctx({ wallMs: 1500 }));
    const r = summaryRecord(s);
    expect(Object.keys(r).sort()).toEqual(
      [
        'type',
        'schema',
        'total',
        'ok',
        'failed',
        'skipped',
        'outputs',
        'startedAt',
        'endedAt',
        'wallMs',
        'filesPerSec',
        'megapixelsPerSec',
        'bytesIn',
        'bytesOut',
        'p50Ms',
        'p95Ms',
        'interrupted',
        'exitCode',
      ].sort(),
    );
    expect(r).toEqual({
      type: 'summary',
      schema: 2,
      total: 3,
      ok: 1,
      failed: 1,
      skipped: 1,
      outputs: 1,
      startedAt: '2026-12-03T09:00:00.000Z',
      endedAt: '2026-12-03T09:00:01.000Z',
      wallMs: 1500,
      filesPerSec: s.filesPerSec,
      megapixelsPerSec: s.megapixelsPerSec,
      bytesIn: 1234567 + 500,
      bytesOut: 96000,
      p50Ms: 10,
      p95Ms: 43,
      interrupted: false,
      exitCode: 1,
    });
  });
});

function esc(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
