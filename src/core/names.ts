/**
 * File names are bytes; JavaScript strings are UTF-16. A Linux name need not be valid UTF-8, and
 * Node's fs decodes such names lossily (every bad byte becomes U+FFFD, so `\xff a.jpg` and
 * `\xfe a.jpg` become one name). imgbatch holds names as strings with a lossless escape instead,
 * the one Python calls `surrogateescape` (PEP 383): each byte that is not part of valid UTF-8 is held
 * as the lone surrogate U+DC80 + byte (0x80–0xFF → U+DC80–U+DCFF). Valid names are unchanged, and
 * no valid name can hold a lone surrogate, so the mapping is one-to-one. JSON writes those as
 * `\udc80`–`\udcff`; `pathBytes` (or Python's `s.encode('utf-8', 'surrogateescape')`) gives the
 * bytes back.
 */

const LONE_ESCAPE = /[\uDC80-\uDCFF]/u;

/** Whether a path holds escaped bytes (and so must reach the file system as a Buffer). */
export function hasEscapedBytes(p: string): boolean {
  return LONE_ESCAPE.test(p);
}

/** The bytes of a name or path held with the escape (see above). */
export function pathBytes(p: string): Buffer {
  const parts: Buffer[] = [];
  let plain = '';
  for (const ch of p) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xdc80 && cp <= 0xdcff && ch.length === 1) {
      parts.push(Buffer.from(plain, 'utf8'), Buffer.from([cp - 0xdc00]));
      plain = '';
    } else {
      plain += ch;
    }
  }
  parts.push(Buffer.from(plain, 'utf8'));
  return Buffer.concat(parts);
}

/** What to hand Node's fs for a path: the string itself, or its bytes when it holds escapes. */
export function fsPath(p: string): string | Buffer {
  return hasEscapedBytes(p) ? pathBytes(p) : p;
}

/** Length of the valid UTF-8 sequence starting at `at`, or 0 when the byte there starts none. */
function sequenceLength(b: Buffer, at: number): number {
  const lead = b[at] ?? 0;
  const cont = (i: number, lo = 0x80, hi = 0xbf): boolean => at + i < b.length && (b[at + i] ?? 0) >= lo && (b[at + i] ?? 0) <= hi;
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    // No overlong forms (E0 A0..), no surrogates (ED 80..9F).
    const [lo, hi] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const [lo, hi] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** A name's bytes as a string, with bytes that are not valid UTF-8 escaped (see above). */
export function nameFromBytes(b: Buffer): string {
  const fast = b.toString('utf8');
  if (!fast.includes('\uFFFD') || Buffer.from(fast, 'utf8').equals(b)) return fast;
  let out = '';
  let at = 0;
  while (at < b.length) {
    const n = sequenceLength(b, at);
    if (n === 0) {
      out += String.fromCharCode(0xdc00 + (b[at] ?? 0));
      at += 1;
    } else {
      out += b.toString('utf8', at, at + n);
      at += n;
    }
  }
  return out;
}

/**
 * A name for a terminal: control characters, Unicode line separators and bidi overrides escaped
 * (so a name cannot move the cursor, fake a line or reorder what is shown), and escaped bytes shown
 * as `\xff`.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this escapes
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\uDC80-\uDCFF]/gu, (ch) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    const code = ch.charCodeAt(0);
    if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16)}`;
    return named[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}
