/** `n` rounded to `digits` decimals, as reports show rates and times. */
export const round = (n: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/**
 * A whole number with commas between thousands (2000 → "2,000"), as en-US writes it. Not
 * `toLocaleString`: its first call loads ICU's number formats, which cost every CLI start when an
 * option's help text called it (bench/RESULTS.md, "Design decisions").
 */
export const withThousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
