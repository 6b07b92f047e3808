import type { ContentName } from '../core/formats';

/** What a file's first bytes say it is, to name formats sharp cannot read. */
export type Sniffed = ContentName | 'HEIC' | 'JPEG 2000' | 'JPEG XL' | 'BMP' | 'PSD' | 'PDF' | 'ICO' | 'text';

const startsWith = (b: Buffer, bytes: readonly number[], at = 0): boolean => bytes.every((v, i) => b[at + i] === v);
const ascii = (b: Buffer, from: number, to: number): string => b.subarray(from, to).toString('latin1');

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

/** ISO-BMFF (`ftyp`) brands: AVIF and HEIC share the container and differ by brand. */
function isoBrand(b: Buffer): Sniffed | undefined {
  if (ascii(b, 4, 8) !== 'ftyp') return undefined;
  const size = Math.min(b.readUInt32BE(0), b.length, 64);
  const brands = [ascii(b, 8, 12)];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(b, at, at + 4));
  if (brands.some((x) => x === 'avif' || x === 'avis')) return 'AVIF';
  if (brands.some((x) => HEIC_BRANDS.has(x))) return 'HEIC';
  if (brands.includes('jxl ')) return 'JPEG XL';
  return undefined;
}

function looksLikeSvg(b: Buffer): boolean {
  const head = ascii(b, 0, Math.min(b.length, 4096))
    .replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '')
    .trimStart();
  return head.startsWith('<') && /<svg[\s>]/i.test(head);
}

function looksLikeText(b: Buffer): boolean {
  const n = Math.min(b.length, 512);
  for (let i = 0; i < n; i += 1) {
    const c = b[i] ?? 0;
    if (c < 9 || (c > 13 && c < 32 && c !== 27)) return false;
  }
  return n > 0;
}

/** Names the format of a file from its first bytes; undefined when nothing matches. */
export function sniffFormat(b: Buffer): Sniffed | undefined {
  if (b.length < 4) return undefined;
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'JPEG';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'PNG';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'GIF';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'WebP';
  if (
    [
      [0x49, 0x49, 0x2a, 0x00],
      [0x4d, 0x4d, 0x00, 0x2a],
      [0x49, 0x49, 0x2b, 0x00],
      [0x4d, 0x4d, 0x00, 0x2b],
    ].some((sig) => startsWith(b, sig))
  ) {
    return 'TIFF'; // classic and BigTIFF, both byte orders
  }
  if (startsWith(b, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(b, [0xff, 0x4f, 0xff, 0x51])) return 'JPEG 2000';
  if (startsWith(b, [0xff, 0x0a]) || startsWith(b, [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) return 'JPEG XL';
  const iso = isoBrand(b);
  if (iso !== undefined) return iso;
  if (ascii(b, 0, 2) === 'BM') return 'BMP';
  if (ascii(b, 0, 4) === '8BPS') return 'PSD';
  if (ascii(b, 0, 5) === '%PDF-') return 'PDF';
  if (startsWith(b, [0x00, 0x00, 0x01, 0x00])) return 'ICO';
  if (looksLikeSvg(b)) return 'SVG';
  if (looksLikeText(b)) return 'text';
  return undefined;
}

/** "starts with 5a 5a 00 ff …" for content nothing recognises. */
export function firstBytes(b: Buffer, n = 8): string {
  return [...b.subarray(0, n)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
}
