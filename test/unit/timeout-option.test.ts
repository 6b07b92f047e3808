/**
 * `timeout` / `--timeout` accept only what works: 0 (no limit) or 1 to 3600 whole seconds. Above
 * 3600 sharp refuses the pipeline, and past 2^31-1 ms Node's timers fire at once.
 */
import os from 'node:os';
import path from 'node:path';
import { formatIssue } from '../../src/core/errors';
import { validateOptions, type BatchOptions } from '../../src/core/options';
import { fixtures, tempDir } from '../helpers/fixtures';
import { runCliInProcess } from '../helpers/run-cli';

const base: BatchOptions = { inputs: ['photos'], out: 'out', op: { op: 'grayscale' }, cwd: os.tmpdir() };
const RANGE = 'a whole number of seconds from 0 (no limit) to 3600';

/** As typed on the command line; the library gets the same values as numbers where they are numbers. */
const rejected: readonly string[] = ['3601', '2147484', '99999999999', '-1', '1.5', '10s', '', 'abc', '1e3', '0x10'];
const accepted: readonly number[] = [0, 1, 60, 3600];

describe('library option timeout', () => {
  const asLibraryValue = (typed: string): unknown => (/^-?[\d.]+$/.test(typed) ? Number(typed) : typed);

  test.each(rejected)('%p is an issue naming timeout and the value', (typed) => {
    const value = asLibraryValue(typed);
    const v = validateOptions({ ...base, timeout: value } as unknown as BatchOptions);
    expect(v.ok ? [] : v.issues.map(formatIssue)).toEqual([
      `Expected ${RANGE} for timeout but received ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    ]);
  });

  test.each([Number.NaN, Infinity, 3600.5, 2 ** 31])('%p is an issue', (value) => {
    const v = validateOptions({ ...base, timeout: value });
    expect(v.ok).toBe(false);
  });

  test.each(accepted)('%p is accepted', (timeout) => {
    const v = validateOptions({ ...base, timeout });
    expect(v.ok && v.options.timeout).toBe(timeout);
  });
});

describe('--timeout', () => {
  test.each(rejected)('%p is a usage error (exit 2) quoting the value as typed', async (typed) => {
    const r = await runCliInProcess(['thumbnail', fixtures.landscapeJpg, '-o', path.join(tempDir(), 'out'), `--timeout=${typed}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Expected ${RANGE} for --timeout but received ${JSON.stringify(typed)}`);
    expect(r.stderr.match(/--timeout/g)).toHaveLength(1);
  });

  test.each(accepted.map(String))('%p runs', async (typed) => {
    const out = tempDir();
    const r = await runCliInProcess(['thumbnail', fixtures.landscapeJpg, '-o', out, '--timeout', typed, '--no-isolate', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.records.at(-1)).toMatchObject({ type: 'summary', ok: 1 });
  });
});
