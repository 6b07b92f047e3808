/**
 * `imgbatch merge` on real reports: shards of the fixtures run in process (inline runner), merged,
 * against one run over their union; --expect, stdin and the usage errors through the CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fixtures, repoRoot, tempDir, topLevelPhotos } from '../helpers/fixtures';
import { runCliInProcess, type Json } from '../helpers/run-cli';

const dir = tempDir('imgbatch-merge-');
const at = (name: string): string => path.join(dir, name);
const bad = [fixtures.corruptJpg, fixtures.truncatedPng, fixtures.textPng];
/** Three disjoint shards of the top-level photos and the bad files; the first meets an output that exists (skipped). */
const shards: readonly (readonly string[])[] = [topLevelPhotos.slice(0, 2), [...topLevelPhotos.slice(2), fixtures.corruptJpg], bad.slice(1)];
const counted = ['total', 'ok', 'failed', 'skipped', 'outputs', 'bytesIn', 'bytesOut', 'exitCode'] as const;

/** A thumbnail run of `inputs` into its own folder, where `alpha.png` exists already, with --json to `report`. */
async function run(inputs: readonly string[], report: string): Promise<Json | undefined> {
  const out = at(`out-${path.basename(report, '.ndjson')}`);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'alpha.png'), 'made before');
  const r = await runCliInProcess(['thumbnail', ...inputs, '-o', out, '--size', '16', '--skip-existing', '--json'], { inline: true });
  fs.writeFileSync(at(report), r.stdout);
  return r.records.find((rec) => rec['type'] === 'summary');
}

const reports = shards.map((_, i) => at(`shard-${i + 1}.ndjson`));
let union: Json | undefined;
beforeAll(async () => {
  for (const [i, inputs] of shards.entries()) await run(inputs, `shard-${i + 1}.ndjson`);
  union = await run([...topLevelPhotos, ...bad], 'union.ndjson');
});

describe('imgbatch merge', () => {
  test('on shard reports gives one run’s counts, bytes and exit code', async () => {
    const r = await runCliInProcess(['merge', ...reports, '--json']);
    expect(r.stderr).toBe('');
    expect(r.records).toHaveLength(1);
    const [merged = {}] = r.records;
    const pick = (s: Json | undefined): Json => Object.fromEntries(counted.map((k) => [k, s?.[k]]));
    expect(pick(merged)).toEqual(pick(union));
    expect(merged).toMatchObject({ total: 8, ok: 4, failed: 3, skipped: 1, exitCode: 1, duplicates: [] });
    expect(r.code).toBe(1);
    expect((merged['runs'] as Json[]).map((run) => run['report'])).toEqual(reports);
    expect(merged['startedAt']).toBe((merged['runs'] as Json[])[0]?.['startedAt']);
  });

  test('for people: the summary, a line per run; a relative report name is shown as typed', async () => {
    const r = await runCliInProcess(['merge', ...reports.map((f) => path.relative(repoRoot, f))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^3 runs merged: 4 ok, 3 failed, 1 skipped over [\d.]+ m?s \(\S+Z to \S+Z\)\n/);
    expect(r.stdout).toMatch(/\n {2}\S+shard-1\.ndjson: 1 ok, 0 failed, 1 skipped in [\d.]+ m?s, exit code 0\n/);
  });

  test('--expect lists inputs reported twice and inputs no run reported; -0 reads a NUL-separated list', async () => {
    const expected = [...topLevelPhotos, ...bad, fixtures.rotatedExif6Jpg].map((f) => path.relative(repoRoot, f));
    fs.writeFileSync(at('expect.txt'), `${expected.join('\n')}\n`);
    fs.writeFileSync(at('expect.nul'), `${expected.join('\0')}\0`);
    const again = reports[0] ?? '';
    for (const list of [
      ['--expect', at('expect.txt')],
      ['--expect', at('expect.nul'), '-0'],
    ]) {
      const r = await runCliInProcess(['merge', ...reports, again, ...list, '--json']);
      expect(r.code).toBe(1);
      expect(r.records[0]?.['missing']).toEqual([fixtures.rotatedExif6Jpg]);
      expect(r.records[0]?.['duplicates']).toEqual(topLevelPhotos.slice(0, 2).map((input) => ({ input, reports: [again, again] })));
    }
  });

  test('reads a report from stdin for -, and several runs in it (cat)', async () => {
    const text = reports.map((f) => fs.readFileSync(f, 'utf8')).join('');
    const r = await runCliInProcess(['merge', '-', '--json'], { stdin: text });
    expect(r.records[0]).toMatchObject({ total: 8, ok: 4, failed: 3, skipped: 1, exitCode: 1 });
    expect((r.records[0]?.['runs'] as Json[]).map((run) => run['report'])).toEqual(['- (run 1)', '- (run 2)', '- (run 3)']);
  });

  test('a killed run’s report (no summary) is merged but flagged: exit code at least 1', async () => {
    const lines = fs.readFileSync(reports[0] ?? '', 'utf8').split('\n');
    fs.writeFileSync(at('killed.ndjson'), `${lines[0] ?? ''}\n${(lines[1] ?? '').slice(0, 20)}`);
    const r = await runCliInProcess(['merge', at('killed.ndjson')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/killed\.ndjson: [^\n]*incomplete: no summary record: the run did not finish \(killed\?\), and its last line is cut off\n/);
  });

  test.each([
    {
      name: 'a report that cannot be read',
      argv: (): string[] => ['merge', reports[0] ?? '', at('nope.ndjson')],
      stderr: /cannot read:\n {2}\S+nope\.ndjson: ENOENT/,
    },
    {
      name: 'a line that is not a record',
      argv: (): string[] => (fs.writeFileSync(at('bad.ndjson'), 'hello\n{}\n'), ['merge', at('bad.ndjson')]),
      stderr:
        /bad\.ndjson:1: Expected a JSON record \(one per line\) but received "hello"[^\n]*\n {2}\S+bad\.ndjson:2: Expected "file", "prune" or "summary" for type but received nothing/,
    },
    { name: '-0 without --expect', argv: (): string[] => ['merge', reports[0] ?? '', '-0'], stderr: /Expected --expect <file> with -0\/--null/ },
    {
      name: 'an --expect list that cannot be read',
      argv: (): string[] => ['merge', reports[0] ?? '', '--expect', at('none.txt')],
      stderr: /Expected a readable --expect list but cannot read/,
    },
    { name: 'no report', argv: (): string[] => ['merge'], stderr: /Not enough non-option arguments/ },
  ])('$name: a usage error (exit 2), nothing on stdout', async ({ argv, stderr }) => {
    const r = await runCliInProcess(argv());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr).toMatch(/Run "imgbatch merge --help" for usage\.\n$/);
  });
});
