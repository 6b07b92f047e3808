import { parseShard, shardKey, shardOf } from '../../src/core/shard';
import { validateOptions } from '../../src/core/options';

describe('parseShard', () => {
  test.each([
    ['1/1', { index: 1, count: 1 }],
    ['2/4', { index: 2, count: 4 }],
    ['4/4', { index: 4, count: 4 }],
    ['10/12', { index: 10, count: 12 }],
  ])('%s is shard %o', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  test.each(['0/4', '5/4', 'a/b', '1/0', '0/0', ' 1/4', '1/4 ', '1/4/2', '-1/4', '1.5/4', '1', '/4', '1/', '', '1/99999999999999999999'])(
    '%j is refused',
    (text) => {
      expect(parseShard(text)).toBeUndefined();
    },
  );
});

describe('the shard option', () => {
  test.each([
    ['0/4', 'shards are numbered from 1'],
    ['5/4', 'there are only 4 shards'],
    ['a/b', 'not of the form i/n'],
    ['1/0', 'n must be at least 1'],
  ])('%s: a message that says what was expected and what is wrong', (shard, why) => {
    const checked = validateOptions({ inputs: ['x'], out: 'o', op: { op: 'grayscale' }, shard });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues).toEqual([expect.objectContaining({ path: 'shard', expected: 'i/n, whole numbers with 1 ≤ i ≤ n (e.g. 2/4)', received: shard })]);
    expect(JSON.stringify(checked.issues)).toContain(why);
  });

  test('a valid shard passes', () => {
    expect(validateOptions({ inputs: ['x'], out: 'o', op: { op: 'grayscale' }, shard: '3/8' }).ok).toBe(true);
  });
});

/** 10,000 paths shaped like a photo archive: years, months, camera names. */
const archive = Array.from({ length: 10_000 }, (_, i) => `${2010 + (i % 15)}/${String((i % 12) + 1).padStart(2, '0')}/IMG_${String(i).padStart(5, '0')}.jpg`);

describe('shardOf', () => {
  test('is pinned: the same path gives the same shard in every version and on every machine', () => {
    // SHA-256 of the path's bytes, first 48 bits, modulo n. Changing this moves every user's files.
    expect([shardOf('a.jpg', 4), shardOf('2024/06/IMG_0001.jpg', 8), shardOf('x\udcff.jpg', 3)]).toEqual([4, 6, 2]);
  });

  test('one shard takes everything', () => {
    expect(new Set(archive.map((p) => shardOf(p, 1)))).toEqual(new Set([1]));
  });

  test.each([2, 3, 4])('10,000 files over %i shards: every shard within ±5 %% of the mean', (n) => {
    const sizes = new Map<number, number>();
    for (const p of archive) sizes.set(shardOf(p, n), (sizes.get(shardOf(p, n)) ?? 0) + 1);
    expect([...sizes.keys()].sort()).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const mean = archive.length / n;
    for (const size of sizes.values()) expect(Math.abs(size - mean) / mean).toBeLessThanOrEqual(0.05);
  });

  test('names that differ only in bytes that are not UTF-8 are different keys', () => {
    const keys = Array.from({ length: 64 }, (_, i) => `a${String.fromCharCode(0xdc80 + i)}.jpg`);
    expect(new Set(keys.map((k) => shardOf(k, 1_000_003))).size).toBeGreaterThan(60);
  });
});

describe('shardKey', () => {
  test.each([
    ['', 'a.jpg', 'a.jpg'],
    ['sub', 'a.jpg', 'sub/a.jpg'],
    ['sub/deeper', 'a b.jpg', 'sub/deeper/a b.jpg'],
    ['sub\\win', 'a.jpg', 'sub/win/a.jpg'],
  ])('rel %j + %j → %j', (rel, name, key) => {
    expect(shardKey(rel, name)).toBe(key);
  });
});
