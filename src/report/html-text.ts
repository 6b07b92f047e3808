import path from 'node:path';
import { escapeControl, pathBytes } from '../core/names';
import { displayPath } from './format';

/**
 * The one escape of the HTML report: every name, message and number that reaches the page goes
 * through `html` (text) or `href` (links). Control characters, bidi overrides and bytes of a name
 * that are not UTF-8 become visible escapes (`\x1b`, `\xff`, as the terminal shows them), then the
 * five characters HTML gives meaning to become entities, so `<img src=x onerror=…>` is text.
 */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function html(text: string | number): string {
  return escapeControl(String(text)).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** Bytes that stay as they are in a URL path segment (RFC 3986 unreserved). */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** One path segment as URL text: its bytes (names that are not UTF-8 included), percent-encoded. */
function segment(name: string): string {
  let out = '';
  for (const byte of pathBytes(name)) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A relative link from the report's folder to `file` (absolute), ready for an attribute. */
export function href(file: string, fromFolder: string): string {
  return path.relative(fromFolder, file).split(path.sep).map(segment).join('/');
}

/** A path for people (`displayPath`: relative to `cwd` when inside it), escaped for the page. */
export function shownPath(file: string, cwd: string): string {
  return html(displayPath(file, cwd));
}
