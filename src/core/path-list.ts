import { UsageError } from './errors';
import { escapeControl } from './names';

/**
 * A list of paths as text → the paths, in order. `nul`: NUL-separated (`find -print0`), every
 * entry kept exactly as written, spaces and newlines included; an empty entry anywhere but at the
 * end is refused. Otherwise one path per line: a `\r` before the newline (a CRLF file) is dropped,
 * lines that hold only whitespace are skipped, and other spaces are kept; a NUL is refused (no path
 * can hold one: the list is NUL-separated, and `-0` says so). Either way a trailing empty entry
 * (the separator that ends the last path) is ignored. `source` names the list in messages.
 */
export function splitPathList(text: string, nul: boolean, source = 'the list'): string[] {
  const where = escapeControl(source);
  if (nul) {
    const entries = text.split('\0');
    if (entries[entries.length - 1] === '') entries.pop();
    const empty = entries.indexOf('');
    if (empty >= 0) {
      throw new UsageError('INVALID_PATH_LIST', `Expected a path in every NUL-separated entry of ${where} but entry ${empty + 1} is empty`);
    }
    return entries;
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const paths: string[] = [];
  for (const [i, raw] of lines.entries()) {
    if (raw.includes('\0')) {
      throw new UsageError(
        'INVALID_PATH_LIST',
        `Expected one path per line in ${where} but line ${i + 1} holds a NUL byte: for a NUL-separated list (find -print0), use -0/--null`,
      );
    }
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '') paths.push(line);
  }
  return paths;
}
