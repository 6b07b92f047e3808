import { randomBytes } from 'node:crypto';
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
