import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Longest UTF-8 prefix of `text` that fits in `maxBytes`. */
function truncateUtf8(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** `.<name>.imgbatch-<pid>-<random>.tmp` beside the destination; fits in 255 bytes. */
export function tempPathFor(dest: string): string {
  const name = truncateUtf8(path.basename(dest), 200);
  return path.join(path.dirname(dest), `.${name}.imgbatch-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** Matches temporaries that `tempPathFor` makes, capturing the pid. */
export const TEMP_NAME = /^\..*\.imgbatch-(\d+)-[0-9a-f]{12}\.tmp$/;

/**
 * Writes through a temporary in the destination folder and renames it into place, so the final
 * name never holds a partial file. The temporary is removed on every error path.
 */
export async function writeAtomically<T>(dest: string, write: (tempPath: string) => Promise<T>): Promise<T> {
  await fs.promises.mkdir(path.dirname(dest), { recursive: true });
  const temp = tempPathFor(dest);
  try {
    const result = await write(temp);
    await fs.promises.rename(temp, dest);
    return result;
  } catch (error: unknown) {
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}
