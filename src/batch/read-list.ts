import fs from 'node:fs';
import { errorMessage, UsageError } from '../core/errors';
import { escapeControl, fsPath, nameFromBytes } from '../core/names';
import { pathListProblem, splitPathList } from '../core/path-list';
import type { ResolvedOptions } from '../core/options';

/** Bytes read in chunks: standard input as the caller hands it over (`process.stdin` is one). */
export type ByteSource = AsyncIterable<Uint8Array | string>;

/** What reading a list takes of the batch options. */
export type ListOptions = Pick<ResolvedOptions, 'filesFrom' | 'null'>;

/**
 * The paths of a `filesFrom` list, as written (relative ones are resolved by discovery). The list
 * is a file, or `-` for `stdin`, which the caller hands over: the library never reads the process's
 * standard input by itself. Its bytes are decoded losslessly (`nameFromBytes`): a name that is not
 * valid UTF-8 keeps its bytes. An abort (`signal`) stops the reading: the paths read so far are
 * returned, and an empty list is then no error (the batch reports the interrupt).
 *
 * Throws a `UsageError`: `LIST_UNREADABLE` (the file cannot be read, or `-` without `stdin`),
 * `INVALID_LIST` (NUL bytes in a list of lines, or a `-0` list that is lines), `NO_INPUTS` (the
 * list holds no path).
 */
export async function readPathList(options: ListOptions, stdin: ByteSource | undefined, signal?: AbortSignal): Promise<string[]> {
  const file = options.filesFrom;
  if (file === undefined) return [];
  const shown = file === '-' ? 'standard input' : escapeControl(file);
  const bytes = file === '-' ? await readStdin(stdin, signal) : await readListFile(file);
  const text = nameFromBytes(bytes);
  const problem = pathListProblem(text, options.null);
  if (problem !== undefined) {
    const form = options.null ? 'NUL-separated paths' : 'one path per line';
    throw new UsageError('INVALID_LIST', `Expected ${form} in the --files-from list (${shown}), but ${problem}`);
  }
  const entries = splitPathList(text, options.null);
  if (entries.length === 0 && signal?.aborted !== true) {
    const what = bytes.length === 0 ? 'it is empty' : 'it holds only blank lines or separators';
    throw new UsageError('NO_INPUTS', `Expected at least one path in the --files-from list (${shown}), but ${what}: nothing to do.`);
  }
  return entries;
}

async function readListFile(file: string): Promise<Buffer> {
  try {
    return await fs.promises.readFile(fsPath(file));
  } catch (error: unknown) {
    throw new UsageError(
      'LIST_UNREADABLE',
      `Expected a readable --files-from list but cannot read ${escapeControl(file)}: ${escapeControl(errorMessage(error))}`,
    );
  }
}

/** Standard input's bytes (`readBytes`), or a usage error when the caller handed none over. */
async function readStdin(stdin: ByteSource | undefined, signal: AbortSignal | undefined): Promise<Buffer> {
  if (stdin === undefined) {
    throw new UsageError('LIST_UNREADABLE', 'Expected standard input for --files-from - but none was handed over (library callers pass it as the stdin hook)');
  }
  return readBytes(stdin, signal);
}

/** Every byte of `source` until its end, or until `signal` aborts (what was read by then). */
export async function readBytes(source: ByteSource, signal?: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const iterator = source[Symbol.asyncIterator]();
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal?.aborted === true) resolve('aborted');
    signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  for (;;) {
    const next = await Promise.race([iterator.next(), aborted]);
    if (next === 'aborted') {
      void iterator.return?.();
      break;
    }
    if (next.done === true) break;
    chunks.push(typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : Buffer.from(next.value));
  }
  return Buffer.concat(chunks);
}
