import { UsageError } from '../../src/core/errors';
import { splitPathList } from '../../src/core/path-list';

describe('splitPathList', () => {
  const cases: readonly { name: string; text: string; nul: boolean; expected: readonly string[] }[] = [
    { name: 'lines, the last one ended', text: 'a.jpg\nb/c.png\n', nul: false, expected: ['a.jpg', 'b/c.png'] },
    { name: 'lines, the last one not ended', text: 'a.jpg\nb.png', nul: false, expected: ['a.jpg', 'b.png'] },
    { name: 'CRLF lines lose their CR', text: 'a.jpg\r\nb.png\r\n', nul: false, expected: ['a.jpg', 'b.png'] },
    { name: 'blank and whitespace-only lines are skipped', text: '\na.jpg\n  \n\t\nb.png\n\n', nul: false, expected: ['a.jpg', 'b.png'] },
    { name: 'other spaces are kept', text: ' a b.jpg \n', nul: false, expected: [' a b.jpg '] },
    { name: 'empty text', text: '', nul: false, expected: [] },
    { name: 'NUL-separated, the last one ended', text: 'a.jpg\0b.png\0', nul: true, expected: ['a.jpg', 'b.png'] },
    { name: 'NUL-separated, the last one not ended', text: 'a.jpg\0b.png', nul: true, expected: ['a.jpg', 'b.png'] },
    { name: 'NUL-separated keeps newlines, CRs and spaces', text: 'a\nb.jpg\0 c\r.png \0', nul: true, expected: ['a\nb.jpg', ' c\r.png '] },
    { name: 'NUL-separated, empty text', text: '', nul: true, expected: [] },
  ];
  test.each(cases)('$name', ({ text, nul, expected }) => {
    expect(splitPathList(text, nul)).toEqual(expected);
  });

  const refused: readonly { name: string; text: string; nul: boolean; message: RegExp }[] = [
    {
      name: 'a NUL in a line list',
      text: 'a.jpg\nb.jpg\0c.jpg\0',
      nul: false,
      message: /^Expected one path per line in list\.txt but line 2 holds a NUL byte: for a NUL-separated list \(find -print0\), use -0\/--null$/,
    },
    {
      name: 'an empty entry in a NUL list',
      text: 'a.jpg\0\0b.jpg\0',
      nul: true,
      message: /^Expected a path in every NUL-separated entry of list\.txt but entry 2 is empty$/,
    },
  ];
  test.each(refused)('refuses $name, saying where', ({ text, nul, message }) => {
    expect(() => splitPathList(text, nul, 'list.txt')).toThrow(message);
    expect(() => splitPathList(text, nul, 'list.txt')).toThrow(UsageError);
  });
});
