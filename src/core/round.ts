/** `n` rounded to `digits` decimals, as reports show rates and times. */
export const round = (n: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};
