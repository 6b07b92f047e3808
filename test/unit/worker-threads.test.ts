import { maxWorkerThreads, mostlySmall, SHARED_INPUT_BYTES, workerThreads } from '../../src/runners/budget';

describe('workerThreads: the one rule for how many worker threads a run starts', () => {
  test.each([
    { requested: 2, files: 1, cores: 2, expected: 1, why: 'never more than the files' },
    { requested: 1000, files: 1, cores: 2, expected: 1, why: 'a huge -j on one file' },
    { requested: 64, files: 500, cores: 2, expected: 4, why: 'at most two per core' },
    { requested: 64, files: 500, cores: 16, expected: 32, why: 'the bound follows the cores' },
    { requested: 3, files: 500, cores: 2, expected: 3, why: 'what was asked, within the bounds' },
    { requested: 8, files: 0, cores: 2, expected: 0, why: 'nothing to process: none' },
    { requested: 1, files: 10, cores: 1, expected: 1, why: 'one core' },
  ])('-j $requested, $files files, $cores cores → $expected ($why)', ({ requested, files, cores, expected }) => {
    expect(workerThreads(requested, files, cores)).toBe(expected);
  });

  test('the bound is two per core, and at least two', () => {
    expect([1, 2, 8].map((c) => maxWorkerThreads(c))).toEqual([2, 4, 16]);
    expect(maxWorkerThreads(0)).toBe(2);
  });
});

describe('mostlySmall: whether a run gives each worker thread a process of its own', () => {
  const K = SHARED_INPUT_BYTES;
  test.each<{ sizes: (number | undefined)[]; small: boolean }>([
    { sizes: [], small: false },
    { sizes: [1], small: true },
    { sizes: [K], small: true },
    { sizes: [K + 1], small: false },
    { sizes: [1, K + 1], small: true },
    { sizes: [1, K + 1, K + 1], small: false },
    { sizes: [1, 1, K + 1], small: true },
    // An input whose size discovery did not see counts as not small.
    { sizes: [undefined], small: false },
    { sizes: [1, undefined], small: true },
    { sizes: [1, undefined, undefined], small: false },
  ])('$sizes: $small', ({ sizes, small }) => {
    expect(mostlySmall(sizes.map((bytes) => (bytes === undefined ? {} : { bytes })))).toBe(small);
  });
});
