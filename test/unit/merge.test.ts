import path from 'node:path';
import { ExitCode, UsageError, worstExitCode, type ExitCodeValue } from '../../src/core/errors';
import { mergeReports, type MergeReport, type ReportText } from '../../src/report/merge';
import { formatMerge } from '../../src/report/merge-format';
import { mergedSummaryRecord, summaryRecord } from '../../src/report/records';

type Json = Record<string, unknown>;
const cwd = path.resolve('/', 'work', 'project');
const photo = (name: string): string => path.join(cwd, 'photos', name);

/** A schema 2 file record, ok with one output unless overridden. */
const file = (input: string, o: Json = {}): Json => ({
  type: 'file',
  input: photo(input),
  status: 'ok',
  width: 100,
  height: 50,
  bytesIn: 1000,
  bytesOut: 100,
  ms: 10,
  outputs: [{ path: path.join(cwd, 'out', input), format: 'jpeg', width: 10, height: 5, bytes: 100, ms: 5 }],
  ...o,
});
const failedFile = (input: string, o: Json = {}): Json => {
  const {
    width: _w,
    height: _h,
    bytesOut: _b,
    ...rest
  } = file(input, { status: 'failed', error: { code: 'DECODE_FAILED', message: 'x' }, bytesIn: 500, outputs: [], ...o });
  return rest;
};
const skippedFile = (input: string): Json => ({ type: 'file', input: photo(input), status: 'skipped', reason: 'exists', bytesIn: 0, ms: 0.1, outputs: [] });

/** A schema 2 summary record; only the fields merge reads matter, the rest are as a run writes them. */
const summary = (o: Json = {}): Json => ({
  type: 'summary',
  schema: 2,
  total: 0,
  ok: 0,
  failed: 0,
  skipped: 0,
  outputs: 0,
  startedAt: '2026-12-03T09:00:00.000Z',
  endedAt: '2026-12-03T09:00:01.000Z',
  wallMs: 1000,
  filesPerSec: 0,
  megapixelsPerSec: 0,
  bytesIn: 0,
  bytesOut: 0,
  p50Ms: 0,
  p95Ms: 0,
  interrupted: false,
  exitCode: 0,
  ...o,
});
const ndjson = (...records: readonly (Json | string)[]): string => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
const report = (name: string, ...records: readonly (Json | string)[]): ReportText => ({ name, text: ndjson(...records) });
const merge = (...reports: readonly ReportText[]): MergeReport => mergeReports(reports, { cwd });

/** Two shards: a.jpg and b.jpg ok on the first; c.jpg ok, d.jpg failed and e.jpg skipped on the second, which started later and ran longer. */
const shardA = report('a.ndjson', file('a.jpg', { ms: 10 }), file('b.jpg', { ms: 30 }), summary({ total: 2 }));
const shardB = report(
  'b.ndjson',
  file('c.jpg', { ms: 20 }),
  failedFile('d.jpg', { ms: 40 }),
  skippedFile('e.jpg'),
  summary({ total: 3, startedAt: '2026-12-03T09:00:00.500Z', endedAt: '2026-12-03T09:00:02.000Z', wallMs: 1500, exitCode: 1 }),
);

describe('mergeReports: schema 2', () => {
  test('sums the records, spans the earliest start to the latest end, recomputes rates and percentiles', () => {
    const m = merge(shardA, shardB);
    expect(m.summary).toEqual({
      total: 5,
      ok: 3,
      failed: 1,
      skipped: 1,
      outputs: 3,
      startedAt: '2026-12-03T09:00:00.000Z',
      endedAt: '2026-12-03T09:00:02.000Z',
      wallMs: 2000,
      filesPerSec: 2, // (3 ok + 1 failed) / 2 s
      megapixelsPerSec: 0.01, // 3 × 100×50 px / 2 s = 0.0075
      bytesIn: 3500, // ok and failed inputs, not the skipped one
      bytesOut: 300,
      mbPerSec: 0, // 3500 B / 2 s, to 2 decimals
      p50Ms: 20, // nearest rank over [10, 20, 30, 40]
      p95Ms: 40,
      avgInFlight: 0.05, // 100 ms / 2000 ms
      interrupted: false,
      exitCode: 1,
    });
    expect(m.duplicates).toEqual([]);
    expect(m.missing).toBeUndefined();
    expect(m.runs.map((r) => [r.report, r.total, r.ok, r.failed, r.skipped, r.exitCode, r.incomplete])).toEqual([
      ['a.ndjson', 2, 2, 0, 0, 0, undefined],
      ['b.ndjson', 3, 1, 1, 1, 1, undefined],
    ]);
  });

  test('the span is never shorter than the longest run, and interrupted is any run’s', () => {
    const long = report('long.ndjson', file('z.jpg'), summary({ total: 1, wallMs: 5000, interrupted: true, exitCode: 130 }));
    expect(merge(shardA, long).summary).toMatchObject({ wallMs: 5000, interrupted: true, exitCode: 130 });
  });

  test('prune records are read past; several runs in one text (cat) are several runs', () => {
    const prune = { type: 'prune', path: '/x', input: '/y', bytes: 1, why: 'input-gone', removed: true };
    const both = { name: 'all.ndjson', text: ndjson(file('a.jpg'), prune, summary({ total: 1 }), file('b.jpg'), summary({ total: 1 })) };
    const m = merge(both);
    expect(m.runs.map((r) => r.report)).toEqual(['all.ndjson (run 1)', 'all.ndjson (run 2)']);
    expect(m.summary).toMatchObject({ total: 2, ok: 2, exitCode: 0 });
  });
});

describe('worstExitCode: 2 > 143 > 130 > 3 > 1 > 0 (the README’s precedence)', () => {
  const cases: readonly { codes: readonly ExitCodeValue[]; expected: ExitCodeValue }[] = [
    { codes: [], expected: 0 },
    { codes: [0, 0], expected: 0 },
    { codes: [0, 1], expected: 1 },
    { codes: [1, 3, 0], expected: 3 },
    { codes: [3, 130], expected: 130 },
    { codes: [143, 130], expected: 143 },
    { codes: [130, 2, 143], expected: 2 },
  ];
  test.each(cases)('$codes → $expected', ({ codes, expected }) => {
    expect(worstExitCode(codes)).toBe(expected);
  });

  test.each([
    { codes: [0, 1], expected: 1 },
    { codes: [3, 1], expected: 3 },
    { codes: [1, 130, 3], expected: 130 },
    { codes: [130, 143], expected: 143 },
  ])('merged runs ending $codes exit $expected', ({ codes, expected }) => {
    const reports = codes.map((exitCode, i) => report(`r${i}.ndjson`, file(`${i}.jpg`), summary({ total: 1, exitCode })));
    expect(merge(...reports).summary.exitCode).toBe(expected);
  });
});

describe('a run whose report is not whole is flagged, counted, and makes the exit code at least 1', () => {
  const cases: readonly { name: string; text: string; incomplete: RegExp; total: number }[] = [
    { name: 'no summary record (killed)', text: ndjson(file('x.jpg')), incomplete: /^no summary record: the run did not finish \(killed\?\)$/, total: 1 },
    {
      name: 'the last line cut off mid-record',
      text: `${JSON.stringify(file('x.jpg'))}\n{"type":"file","inp`,
      incomplete: /^no summary record: the run did not finish \(killed\?\), and its last line is cut off$/,
      total: 1,
    },
    { name: 'an empty report', text: '', incomplete: /^no records: the run printed none/, total: 0 },
    {
      name: 'a summary that counts other records',
      text: ndjson(file('x.jpg'), summary({ total: 2 })),
      incomplete: /^its summary counts 2 inputs but it holds 1 file records$/,
      total: 1,
    },
  ];
  test.each(cases)('$name', ({ text, incomplete, total }) => {
    const m = merge(shardA, { name: 'k.ndjson', text });
    expect(m.runs[1]?.incomplete).toMatch(incomplete);
    expect(m.summary.total).toBe(2 + total);
    expect(m.summary.exitCode).toBe(ExitCode.SomeFailed);
  });

  test('a worse code of another run still wins', () => {
    const internal = report('i.ndjson', file('y.jpg'), summary({ total: 1, exitCode: 3 }));
    expect(merge(internal, { name: 'k.ndjson', text: ndjson(file('x.jpg')) }).summary.exitCode).toBe(3);
  });
});

describe('schema 1 reports (imgbatch 0.2 and earlier)', () => {
  const old = report(
    'old.ndjson',
    {
      type: 'file',
      input: photo('o.jpg'),
      output: path.join(cwd, 'out', 'o.jpg'),
      status: 'ok',
      width: 150,
      height: 150,
      bytesIn: 2000,
      bytesOut: 200,
      ms: 50,
    },
    { type: 'file', input: photo('p.jpg'), output: null, status: 'failed', error: { code: 'DECODE_FAILED', message: 'x' }, bytesIn: 300, ms: 5 },
    {
      type: 'summary',
      schema: 1,
      total: 2,
      ok: 1,
      failed: 1,
      skipped: 0,
      wallMs: 4000,
      filesPerSec: 0.5,
      megapixelsPerSec: 0.25,
      bytesIn: 2300,
      bytesOut: 200,
      p50Ms: 5,
      p95Ms: 50,
      interrupted: false,
      exitCode: 1,
    },
  );

  test('alone: outputs from `output`, megapixels from its summary, no times, the span its wall time', () => {
    const m = merge(old);
    expect(m.summary).toMatchObject({ total: 2, ok: 1, failed: 1, outputs: 1, bytesIn: 2300, bytesOut: 200, startedAt: null, endedAt: null, wallMs: 4000 });
    expect(m.summary.megapixelsPerSec).toBe(0.25); // 0.25 MP/s × 4 s = 1 MP, over 4 s
    expect(m.runs[0]).toMatchObject({ schema: 1, startedAt: null, endedAt: null, wallMs: 4000, exitCode: 1 });
  });

  test('with schema 2 runs: their times, its megapixels added', () => {
    const m = merge(old, shardA);
    expect(m.summary).toMatchObject({ total: 4, startedAt: '2026-12-03T09:00:00.000Z', endedAt: '2026-12-03T09:00:01.000Z', wallMs: 4000 });
    expect(m.summary.megapixelsPerSec).toBe(0.25); // (1 MP + 0.01 MP) / 4 s = 0.2525
  });

  test('the human report says what it assumed', () => {
    const text = formatMerge(merge(old, shardA), cwd);
    expect(text).toContain("note: no start and end times in old.ndjson: the span assumes it ran within the other runs'");
    expect(text).toContain("note: schema 1 records give no input sizes: the megapixels of old.ndjson are its summary's (MP/s × wall time)");
  });
});

describe('lines that are not a run’s records: one UsageError naming every one, file:line', () => {
  const good = JSON.stringify(file('a.jpg'));
  const cases: readonly { name: string; line: string; message: RegExp }[] = [
    { name: 'not JSON', line: 'garbage', message: /r\.ndjson:2: Expected a JSON record \(one per line\) but received "garbage": / },
    { name: 'not an object', line: '[1]', message: /r\.ndjson:2: Expected a JSON object \(a record\) but received "\[1\]"/ },
    { name: 'an unknown type', line: '{"type":"banana"}', message: /r\.ndjson:2: Expected "file", "prune" or "summary" for type but received "banana"/ },
    {
      name: 'an unknown schema',
      line: JSON.stringify(summary({ schema: 3 })),
      message: /r\.ndjson:2: Expected 1 or 2 \(the schemas imgbatch merge reads\) for schema but received 3/,
    },
    {
      name: 'a field of the wrong type',
      line: JSON.stringify(file('b.jpg', { bytesIn: '12' })),
      message: /r\.ndjson:2: Expected a number ≥ 0 for bytesIn but received "12"/,
    },
    {
      name: 'an unknown status',
      line: JSON.stringify(file('b.jpg', { status: 'done' })),
      message: /r\.ndjson:2: Expected "ok", "failed" or "skipped" for status but received "done"/,
    },
    {
      name: 'neither outputs nor output',
      line: JSON.stringify(file('b.jpg', { outputs: undefined })),
      message: /r\.ndjson:2: Expected an array \(schema 2\), or "output" \(schema 1\) for outputs/,
    },
    {
      name: 'an exit code no run ends with',
      line: JSON.stringify(summary({ total: 1, exitCode: 2 })),
      message: /r\.ndjson:2: Expected an exit code a run ends with \(0, 1, 3, 130 or 143\) for exitCode but received 2/,
    },
    {
      name: 'a time that is not one',
      line: JSON.stringify(summary({ total: 1, startedAt: 'soon' })),
      message: /r\.ndjson:2: Expected a time \(ISO 8601, as runs write it\) for startedAt but received "soon"/,
    },
    {
      name: 'a schema 1 summary after schema 2 records',
      line: JSON.stringify({ ...summary({ total: 1 }), schema: 1 }),
      message: /r\.ndjson:2: Expected a schema 2 summary, as the run's file records are, but received schema 1/,
    },
    {
      name: 'a schema 1 record after schema 2 ones',
      line: JSON.stringify({ type: 'file', input: '/x', output: null, status: 'skipped', reason: 'exists', bytesIn: 0, ms: 0 }),
      message: /r\.ndjson:2: Expected a schema 2 file record like the run's earlier ones but received a schema 1 one/,
    },
    {
      name: 'a dry run’s plan record',
      line: '{"type":"plan","input":"/x","action":"write","outputs":[]}',
      message: /r\.ndjson:2: Expected the report of a run but received a dry run's/,
    },
    {
      name: 'a dry run’s summary',
      line: JSON.stringify({ type: 'summary', schema: 2, dryRun: true, total: 0, exitCode: 0 }),
      message: /r\.ndjson:2: Expected the report of a run but received a dry run's/,
    },
  ];
  test.each(cases)('$name', ({ line, message }) => {
    const run = (): MergeReport => merge({ name: 'r.ndjson', text: `${good}\n${line}\n` });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
    expect(run).toThrow(/^Expected the NDJSON of imgbatch --json runs \(schema 1 or 2\), but:\n {2}r\.ndjson:2: /);
  });

  test('a last line with no newline is cut off only if it begins a record', () => {
    expect(() => merge({ name: 'r.ndjson', text: `${good}\nhello` })).toThrow(/r\.ndjson:2: Expected a JSON record \(one per line\) but received "hello"/);
    expect(merge({ name: 'r.ndjson', text: `${good}\n{"type":"su` }).runs[0]?.incomplete).toMatch(/last line is cut off$/);
  });

  test('every bad line of every report at once; past 20, how many more', () => {
    expect(() => merge({ name: 'a.ndjson', text: 'x\n' }, { name: 'b.ndjson', text: `${good}\ny\n${good}\n` })).toThrow(
      /a\.ndjson:1: [^\n]*\n {2}b\.ndjson:2: /,
    );
    const many = { name: 'm.ndjson', text: 'x\n'.repeat(25) };
    expect(() => merge(many)).toThrow(/m\.ndjson:20: [^\n]*\n {2}… and 5 more$/);
  });

  test('a dry run is named once, not once per record', () => {
    const dry = ndjson(
      { type: 'plan', input: '/x', action: 'write', outputs: [] },
      { type: 'plan', input: '/y', action: 'write', outputs: [] },
      { type: 'summary', schema: 2, dryRun: true },
    );
    expect(() => merge({ name: 'd.ndjson', text: dry })).toThrow(/^Expected the NDJSON[^\n]*\n {2}d\.ndjson:1: [^\n]*$/);
  });
});

describe('duplicates and --expect', () => {
  test('an input two runs reported is listed with both, and makes the exit code at least 1', () => {
    const again = report('again.ndjson', file('b.jpg'), summary({ total: 1 }));
    const m = merge(shardA, again);
    expect(m.duplicates).toEqual([{ input: photo('b.jpg'), reports: ['a.ndjson', 'again.ndjson'] }]);
    expect(m.summary.exitCode).toBe(1);
    expect(m.summary.total).toBe(3); // counted as reported
  });

  test('expected inputs no run reported are missing, in the list’s order, relative paths from cwd, each once', () => {
    const expect_ = ['photos/z.jpg', photo('a.jpg'), './photos/y.jpg', 'photos/z.jpg', 'photos/../photos/b.jpg'];
    const m = mergeReports([shardA], { cwd, expect: expect_ });
    expect(m.missing).toEqual([photo('z.jpg'), photo('y.jpg')]);
    expect(m.summary.exitCode).toBe(1);
  });

  test('every expected input reported once: the runs’ exit code', () => {
    const m = mergeReports([shardA, shardB], { cwd, expect: ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg'].map((n) => `photos/${n}`) });
    expect(m.missing).toEqual([]);
    expect(m.summary.exitCode).toBe(1); // shardB's failed input
    expect(mergeReports([shardA], { cwd, expect: ['photos/a.jpg', 'photos/b.jpg'] }).summary.exitCode).toBe(0);
  });
});

describe('output', () => {
  test('--json: a run summary record’s fields, then runs, duplicates and (with --expect) missing', () => {
    const m = mergeReports([shardA, shardB], { cwd, expect: ['photos/q.jpg'] });
    const record = mergedSummaryRecord(m);
    const runKeys = Object.keys(summaryRecord({ ...m.summary, startedAt: '', endedAt: '' }));
    expect(Object.keys(record)).toEqual([...runKeys, 'runs', 'duplicates', 'missing']);
    expect(record).toMatchObject({ type: 'summary', schema: 2, total: 5, exitCode: 1, missing: [photo('q.jpg')], duplicates: [] });
    expect(Object.keys(mergedSummaryRecord(merge(shardA)))).not.toContain('missing');
  });

  test('for people: the summary, one line per run, then duplicates, missing inputs (paths from cwd)', () => {
    const again = report('again.ndjson', file('b.jpg'));
    const text = formatMerge(mergeReports([shardA, shardB, again], { cwd, expect: ['photos/q.jpg'] }), cwd);
    expect(text.split('\n')).toEqual([
      '3 runs merged: 4 ok, 1 failed, 1 skipped over 2.00 s (2026-12-03T09:00:00.000Z to 2026-12-03T09:00:02.000Z)',
      '2.5 images/s · 0.01 MP/s · 0 MB/s read · 4.5 KB → 400 B',
      'per file p50 20 ms, p95 40 ms · exit code 1',
      '  a.ndjson: 2 ok, 0 failed, 0 skipped in 1.00 s, exit code 0',
      '  b.ndjson: 1 ok, 1 failed, 1 skipped in 1.50 s, exit code 1',
      '  again.ndjson: 1 ok, 0 failed, 0 skipped, incomplete: no summary record: the run did not finish (killed?)',
      'duplicate: photos/b.jpg, reported by a.ndjson, again.ndjson',
      'missing: photos/q.jpg (expected, reported by no run)',
      "note: no start and end times in again.ndjson: the span assumes it ran within the other runs'",
    ]);
  });
});
