/**
 * A list of paths as text (`--files-from`), split into its entries. Pure: the caller reads the
 * bytes and decodes them (`nameFromBytes`, so that bytes that are not UTF-8 survive as escapes).
 *
 * - One path per line (`nul` false): lines end at `\n`; a `\r` before it is dropped (a list saved
 *   with CRLF line ends), and so is a byte order mark at the very start. Nothing else is trimmed:
 *   a name may start or end with spaces.
 * - NUL-separated (`nul` true, `find -print0`): entries end at `\0` and are kept byte for byte,
 *   line breaks included (a name may hold them).
 *
 * Either way, empty entries are ignored (blank lines, a trailing separator, two in a row), and an
 * entry is a path, never a pattern.
 */
export function splitPathList(text: string, nul: boolean): string[] {
  if (nul) return text.split('\0').filter((entry) => entry !== '');
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return body
    .split('\n')
    .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
    .filter((line) => line !== '');
}

/**
 * What is wrong with a list for the separator asked for, when it cannot be what the user meant: a
 * list of lines that holds NUL bytes (no path holds one: it was written by `-print0`), or a list
 * read with `nul` that has line breaks and no NUL at all (a list of lines read as one name).
 */
export function pathListProblem(text: string, nul: boolean): string | undefined {
  if (!nul && text.includes('\0')) return 'it holds NUL bytes, which no path can: add -0 (--null) to read a NUL-separated list (find -print0)';
  if (nul && !text.includes('\0') && /[\r\n]/.test(text)) {
    return 'it has line breaks and no NUL, so -0 would read it as one name: leave out -0 to read one path per line';
  }
  return undefined;
}
