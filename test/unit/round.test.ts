import { round, withThousands } from '../../src/core/round';

describe('withThousands', () => {
  test.each([0, 7, 42, 999, 1000, 2000, 10_000, 12_345, 999_999, 1_000_000, 1_234_567, 2 ** 31, Number.MAX_SAFE_INTEGER])('%d as en-US writes it', (n) => {
    expect(withThousands(n)).toBe(n.toLocaleString('en-US'));
  });
});

describe('round', () => {
  test.each([
    [1.005, 1, 1],
    [2.46, 1, 2.5],
    [123.456, 2, 123.46],
    [7, 0, 7],
  ])('round(%d, %d) = %d', (n, digits, expected) => {
    expect(round(n, digits)).toBe(expected);
  });
});
