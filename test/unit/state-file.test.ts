/**
 * The incremental state: its journal (torn lines, removals, foreign files, other formats), its lock
 * (per state file, so per output folder and shard) and the prune candidates it yields.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openState, parseState, readState, stateFileOf, STATE_FORMAT, type StateRecord } from '../../src/batch/state-file';
import { lockState } from '../../src/batch/state-lock';
import { afterPrune, pruneCandidates, removeOutputs } from '../../src/batch/prune';
import { tempDir } from '../helpers/fixtures';

const HEADER = JSON.stringify({ imgbatch: 'state', format: STATE_FORMAT });

function record(input: string, more: Partial<StateRecord> = {}): StateRecord {
  return {
    input,
    size: 10,
    mtimeNs: '1',
    ino: '2',
    hash: 'h',
    settings: 's',
    versions: 'v',
    width: 4,
    height: 3,
    outputs: [{ path: `${path.basename(input)}.jpg`, bytes: 5, format: 'jpeg', width: 4, height: 3 }],
    ...more,
  };
}
const line = (r: unknown): string => JSON.stringify(r);

describe('parseState', () => {
  const cases: { name: string; text: string; inputs: string[]; warning?: RegExp }[] = [
    { name: 'empty file: an empty state', text: '', inputs: [] },
    {
      name: 'records, the last of an input wins',
      text: [HEADER, line(record('/a')), line(record('/b')), line(record('/a', { hash: 'x' }))].join('\n'),
      inputs: ['/a', '/b'],
    },
    { name: 'a torn last line is ignored', text: `${HEADER}\n${line(record('/a'))}\n{"input":"/b","si`, inputs: ['/a'] },
    { name: 'a removal drops the input', text: [HEADER, line(record('/a')), line({ input: '/a', removed: true })].join('\n'), inputs: [] },
    { name: 'a line of another shape is ignored', text: [HEADER, line({ input: '/a' }), line(record('/b'))].join('\n'), inputs: ['/b'] },
    {
      name: 'another format: ignored with a warning',
      text: `${line({ imgbatch: 'state', format: 99 })}\n${line(record('/a'))}`,
      inputs: [],
      warning: /state format 99, not 1/,
    },
    { name: 'not a state at all: ignored with a warning', text: 'hello\nworld', inputs: [], warning: /not an imgbatch state/ },
  ];
  test.each(cases)('$name', ({ text, inputs, warning }) => {
    const state = parseState('/out/.imgbatch-state', text);
    expect([...state.records.keys()].sort()).toEqual(inputs);
    if (warning === undefined) expect(state.warning).toBeUndefined();
    else expect(state.warning).toMatch(warning);
    expect(state.foreign).toBe(warning !== undefined);
  });

  test('the last record of an input is the one kept', () => {
    const state = parseState('s', [HEADER, line(record('/a')), line(record('/a', { hash: 'x' }))].join('\n'));
    expect(state.records.get('/a')?.hash).toBe('x');
  });
});

describe('openState', () => {
  test('a torn last line is ended, so the next record is whole', () => {
    const file = path.join(tempDir(), '.imgbatch-state');
    fs.writeFileSync(file, `${HEADER}\n${line(record('/a'))}\n{"input":"/b","si`);
    const writer = openState(readState(file));
    writer.put(record('/c'));
    writer.close();
    expect([...readState(file).records.keys()].sort()).toEqual(['/a', '/c']);
  });

  test('a foreign file is moved aside, never deleted, and a new state begins', () => {
    const file = path.join(tempDir(), 'mine.txt');
    fs.writeFileSync(file, 'my notes\n');
    const state = readState(file);
    expect(state.warning).toMatch(/not an imgbatch state/);
    openState(state).close();
    expect(fs.readFileSync(`${file}.foreign`, 'utf8')).toBe('my notes\n');
    expect(fs.readFileSync(file, 'utf8')).toBe(`${HEADER}\n`);
  });

  test('a state with many superseded lines is compacted to one line per input', () => {
    const file = path.join(tempDir(), '.imgbatch-state');
    const lines = [HEADER, ...Array.from({ length: 40 }, (_v, i) => line(record('/a', { hash: String(i) })))];
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    openState(readState(file)).close();
    const text = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(text).toHaveLength(2);
    expect(readState(file).records.get('/a')?.hash).toBe('39');
  });
});

describe('lockState', () => {
  test('a second lock of the same state is refused (exit 2), naming the holder; released, it can be taken', () => {
    const state = path.join(tempDir(), '.imgbatch-state');
    const release = lockState(state);
    expect(() => lockState(state)).toThrow(expect.objectContaining({ exitCode: 2, code: 'STATE_LOCKED' }) as Error);
    expect(() => lockState(state)).toThrow(new RegExp(`another imgbatch \\(pid ${process.pid}`));
    release();
    lockState(state)();
  });

  test('the lock of a process that is gone is taken over', () => {
    const state = path.join(tempDir(), '.imgbatch-state');
    // pid 2^22 + 1 is above Linux's pid_max: no such process.
    fs.writeFileSync(`${state}.lock`, JSON.stringify({ pid: 4194305, host: os.hostname(), startedAt: 'then' }));
    lockState(state)();
  });

  test('two shards of one output folder have their own state and lock', () => {
    const out = tempDir();
    const one = stateFileOf(out, undefined, '1-of-2');
    const two = stateFileOf(out, undefined, '2-of-2');
    expect(new Set([one, two, stateFileOf(out)]).size).toBe(3);
    const releases = [lockState(one), lockState(two)];
    for (const release of releases) release();
  });
});

describe('prune', () => {
  test.each([
    { name: 'an input that is gone: all its outputs and stale ones', input: '/nowhere/a.jpg', planned: undefined, expected: ['a.jpg.jpg', 'old.jpg'] },
    {
      name: 'an input of this run: its outputs no longer planned, and stale ones',
      input: '/nowhere/b.jpg',
      planned: ['new.jpg'],
      expected: ['old.jpg', 'b.jpg.jpg'],
    },
  ])('candidates: $name', ({ input, planned, expected }) => {
    const r = record(input, { stale: [{ path: 'old.jpg', bytes: 1, format: 'jpeg', width: 1, height: 1 }] });
    const plan = new Map(planned === undefined ? [] : [[input, new Set(planned)]]);
    expect(pruneCandidates([r], plan).map((c) => c.output.path)).toEqual(expected);
  });

  test('an output another input makes now is never a candidate', () => {
    const r = record('/nowhere/a.jpg');
    expect(pruneCandidates([r], new Map([['/b.jpg', new Set(['a.jpg.jpg'])]]))).toEqual([]);
  });

  test('removes only listed plain files at the recorded size inside the output folder', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'same.jpg'), 'x'.repeat(5));
    fs.writeFileSync(path.join(dir, 'edited.jpg'), 'x'.repeat(7));
    fs.mkdirSync(path.join(dir, 'folder.jpg'));
    const outputs = ['same.jpg', 'edited.jpg', 'folder.jpg', 'gone.jpg', '../escape.jpg'].map((p) => ({
      path: p,
      bytes: 5,
      format: 'jpeg' as const,
      width: 1,
      height: 1,
    }));
    const r = record('/nowhere/x.jpg', { outputs });
    const candidates = pruneCandidates([r], new Map());
    const pruned = removeOutputs(candidates, dir, false);
    expect(pruned.map((p) => [path.basename(p.path), p.removed, p.kept])).toEqual([
      ['same.jpg', true, undefined],
      ['edited.jpg', false, '7 bytes, not the 5 imgbatch wrote'],
      ['folder.jpg', false, 'not a plain file'],
      ['gone.jpg', false, 'already gone'],
      ['escape.jpg', false, 'outside the output folder'],
    ]);
    expect(fs.existsSync(path.join(dir, 'same.jpg'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'edited.jpg'), 'utf8')).toHaveLength(7);
    expect(afterPrune([r], candidates)).toEqual({ put: [], remove: ['/nowhere/x.jpg'] });
  });
});
