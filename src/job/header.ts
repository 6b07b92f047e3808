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
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined; // scan or end before any frame header
    if (isSof(marker)) {
      return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7), hasAlpha: false, pages: 1, keepAs: 'jpeg' };
    }
    at += 2 + b.readUInt16BE(at + 2);
  }
  return undefined;
}

function pngFacts(b: Buffer): InputFacts | undefined {
  if (b.length < 33 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const colourType = b[25] ?? 0;
  let hasAlpha = colourType === 4 || colourType === 6;
  // A tRNS chunk before the image data gives any colour type transparency.
  let at = 8;
  while (!hasAlpha && at + 8 <= b.length) {
    const type = b.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'tRNS') hasAlpha = true;
    at += 12 + b.readUInt32BE(at);
  }
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), hasAlpha, pages: 1, keepAs: 'png' };
}
