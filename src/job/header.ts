import type { OutputFormat } from '../core/formats';
import type { Sniffed } from './sniff';

/** What a job needs to know about its input before the pipeline runs. */
export interface InputFacts {
  readonly width: number;
  readonly height: number;
  readonly hasAlpha: boolean;
  /** Frames or pages in the file (only the first is written). */
  readonly pages: number;
  /** What `--format keep` writes for this content; undefined when it cannot be written back. */
  readonly keepAs: OutputFormat | undefined;
  /** EXIF orientation, 1–8 (1: as stored); 5–8 turn the image a quarter. */
  readonly orientation: number;
}

/** The size as shown: `width` and `height` after EXIF orientation. */
export function shownSizeOf(facts: InputFacts): { width: number; height: number } {
  return facts.orientation >= 5 && facts.orientation <= 8 ? { width: facts.height, height: facts.width } : { width: facts.width, height: facts.height };
}

/**
 * Facts of a JPEG or PNG read straight from its header, so the commonest inputs skip a separate
 * libvips header parse (sharp's metadata()). Undefined for other formats, or when the header is
 * not where it should be: the caller then asks sharp.
 */
export function headerFacts(data: Buffer, sniffed: Sniffed): InputFacts | undefined {
  if (sniffed === 'JPEG') return jpegFacts(data);
  if (sniffed === 'PNG') return pngFacts(data);
  return undefined;
}

/** SOF markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) are not frames. */
const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpegFacts(b: Buffer): InputFacts | undefined {
  let at = 2;
  let orientation = 1;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined; // scan or end before any frame header
    if (isSof(marker)) {
      return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7), hasAlpha: false, pages: 1, keepAs: 'jpeg', orientation };
    }
    const length = b.readUInt16BE(at + 2);
    if (marker === 0xe1 && b.toString('latin1', at + 4, at + 10) === 'Exif\0\0') {
      const found = exifOrientation(b.subarray(at + 10, Math.min(b.length, at + 2 + length)));
      if (found === undefined) return undefined; // an EXIF block it cannot read: sharp decides
      orientation = found;
    }
    at += 2 + length;
  }
  return undefined;
}

/**
 * The orientation tag (0x0112) of IFD0 of a TIFF-structured EXIF block: 1 when it has none,
 * undefined when the block is not what it should be.
 */
export function exifOrientation(tiff: Buffer): number | undefined {
  if (tiff.length < 8) return undefined;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  const u16 = (at: number): number => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number): number => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let i = 0; i < count; i += 1) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

function pngFacts(b: Buffer): InputFacts | undefined {
  if (b.length < 33 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const colourType = b[25] ?? 0;
  let hasAlpha = colourType === 4 || colourType === 6;
  // A tRNS chunk before the image data gives any colour type transparency.
  let at = 8;
  while (at + 8 <= b.length) {
    const type = b.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'eXIf') return undefined; // an orientation may be in it: sharp reads it
    if (type === 'tRNS') hasAlpha = true;
    at += 12 + b.readUInt32BE(at);
  }
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), hasAlpha, pages: 1, keepAs: 'png', orientation: 1 };
}
