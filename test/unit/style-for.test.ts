import { styleFor } from '../../src/cli/io';
import { COLOUR, PLAIN } from '../../src/report/format';

describe('styleFor: colour only on a terminal, and NO_COLOR (any non-empty value) turns it off', () => {
  test.each([
    { isTTY: true, NO_COLOR: undefined, expected: COLOUR, why: 'a terminal' },
    { isTTY: true, NO_COLOR: '', expected: COLOUR, why: 'NO_COLOR empty counts as unset' },
    { isTTY: true, NO_COLOR: '1', expected: PLAIN, why: 'NO_COLOR=1' },
    { isTTY: true, NO_COLOR: 'false', expected: PLAIN, why: 'any non-empty value, even "false"' },
    { isTTY: false, NO_COLOR: undefined, expected: PLAIN, why: 'not a terminal' },
    { isTTY: undefined, NO_COLOR: undefined, expected: PLAIN, why: 'a pipe (no isTTY at all)' },
  ])('isTTY $isTTY, NO_COLOR $NO_COLOR → $why', ({ isTTY, NO_COLOR, expected }) => {
    const stdout = isTTY === undefined ? {} : { isTTY };
    expect(styleFor({ stdout, env: NO_COLOR === undefined ? {} : { NO_COLOR } })).toBe(expected);
  });
});
