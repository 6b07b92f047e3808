/** `--files-from`: splitting a list into paths, and the lists that cannot be what the user meant. */
import { nameFromBytes } from '../../src/core/names';
import { pathListProblem, splitPathList } from '../../src/core/path-list';

describe('splitPathList', () => {
  const cases: readonly { name: string; text: string; nul: boolean; expected: readonly string[] }[] = [
    { name: 'lines', text: 'a.jpg\nb/c.png\n', nul: false, expected: ['a.jpg', 'b/c.png'] },
    { name: 'no final line break', text: 'a.jpg\nb.jpg', nul: false, expected: ['a.jpg', 'b.jpg'] },
    { name: 'CRLF line ends', text: 'a.jpg\r\nb.jpg\r\n', nul: false, expected: ['a.jpg', 'b.jpg'] },
    { name: 'blank lines ignored', text: '\na.jpg\n\n\r\nb.jpg\n\n', nul: false, expected: ['a.jpg', 'b.jpg'] },
    { name: 'spaces and tabs kept', text: ' a.jpg \n\tb.jpg\n', nul: false, expected: [' a.jpg ', '\tb.jpg'] },
    { name: 'a byte order mark at the start dropped', text: '\uFEFFa.jpg\n', nul: false, expected: ['a.jpg'] },
    { name: 'a \\r inside a line kept', text: 'a\rb.jpg\n', nul: false, expected: ['a\rb.jpg'] },
    { name: 'glob characters are characters', text: '*.jpg\nstar[1].webp\n{a,b}.png\n', nul: false, expected: ['*.jpg', 'star[1].webp', '{a,b}.png'] },
    { name: 'NUL-separated', text: 'a.jpg\0b.jpg\0', nul: true, expected: ['a.jpg', 'b.jpg'] },
    { name: 'NUL: no final separator', text: 'a.jpg\0b.jpg', nul: true, expected: ['a.jpg', 'b.jpg'] },
    { name: 'NUL: line breaks, CR and spaces are part of names', text: 'a\nb.jpg\0c.jpg\r\0 d.jpg\0', nul: true, expected: ['a\nb.jpg', 'c.jpg\r', ' d.jpg'] },
    { name: 'NUL: empty entries ignored', text: '\0\0a.jpg\0\0', nul: true, expected: ['a.jpg'] },
    { name: 'NUL: a byte order mark is a character', text: '\uFEFFa.jpg\0', nul: true, expected: ['\uFEFFa.jpg'] },
    { name: 'empty', text: '', nul: false, expected: [] },
    { name: 'only line breaks', text: '\n\r\n\n', nul: false, expected: [] },
    { name: 'NUL: only separators', text: '\0\0', nul: true, expected: [] },
  ];
  test.each(cases)('$name', ({ text, nul, expected }) => {
    expect(splitPathList(text, nul)).toEqual(expected);
  });

  test('bytes that are not UTF-8, decoded as discovery decodes names, survive the split', () => {
    const bytes = Buffer.concat([Buffer.from('a'), Buffer.from([0xff]), Buffer.from('.jpg\0b'), Buffer.from([0xc3]), Buffer.from('.jpg\0')]);
    expect(splitPathList(nameFromBytes(bytes), true)).toEqual(['a\udcff.jpg', 'b\udcc3.jpg']);
  });
});

describe('pathListProblem', () => {
  const cases: readonly { name: string; text: string; nul: boolean; expected: RegExp | undefined }[] = [
    { name: 'lines', text: 'a.jpg\nb.jpg\n', nul: false, expected: undefined },
    { name: 'NUL-separated with -0', text: 'a.jpg\0b.jpg\0', nul: true, expected: undefined },
    { name: 'one name without separator, -0', text: 'a.jpg', nul: true, expected: undefined },
    { name: 'names with line breaks, -0', text: 'a\nb.jpg\0', nul: true, expected: undefined },
    { name: 'NUL bytes without -0', text: 'a.jpg\0b.jpg\0', nul: false, expected: /NUL bytes.*add -0/ },
    { name: 'lines read with -0', text: 'a.jpg\nb.jpg\n', nul: true, expected: /line breaks and no NUL.*leave out -0/ },
  ];
  test.each(cases)('$name', ({ text, nul, expected }) => {
    const problem = pathListProblem(text, nul);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});
