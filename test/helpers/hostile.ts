/**
 * Builders for hostile and odd inputs, made in memory so that nothing large is committed.
 * PNG and GIF files are assembled byte by byte where sharp would refuse to write them.
 */
import zlib from 'node:zlib';
import sharp from 'sharp';

export { crc32 } from '../../src/job/crc32';
import { crc32 } from '../../src/job/crc32';

/** One PNG chunk with a correct (or deliberately wrong) CRC. */
export function pngChunk(type: string, data: Buffer, badCrc = false): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(badCrc ? (crc32(body) ^ 0xdeadbeef) >>> 0 : crc32(body));
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(width: number, height: number): Buffer {
  const d = Buffer.alloc(13);
  d.writeUInt32BE(width, 0);
  d.writeUInt32BE(height, 4);
  d[8] = 8; // bit depth
  d[9] = 2; // RGB
  return pngChunk('IHDR', d);
}

/** A PNG whose header declares width × height but whose data is one tiny compressed row. */
export function pngHeaderBomb(width: number, height: number): Buffer {
  const row = zlib.deflateSync(Buffer.alloc(1 + 3 * 16));
  return Buffer.concat([PNG_SIGNATURE, ihdr(width, height), pngChunk('IDAT', row), pngChunk('IEND', Buffer.alloc(0))]);
}

/** Splits a valid PNG into its chunks (after the signature). */
function chunks(png: Buffer): { type: string; raw: Buffer }[] {
  const out: { type: string; raw: Buffer }[] = [];
  let at = 8;
  while (at + 8 <= png.length) {
    const len = png.readUInt32BE(at);
    out.push({ type: png.toString('latin1', at + 4, at + 8), raw: png.subarray(at, at + 12 + len) });
    at += 12 + len;
  }
  return out;
}

/** A valid small PNG with a zTXt chunk that inflates to `inflatedBytes` of text (a zip bomb). */
export async function pngZtxtBomb(inflatedBytes: number): Promise<Buffer> {
  const base = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#369' } })
    .png()
    .toBuffer();
  const deflate = zlib.createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (c: Buffer) => parts.push(c));
  const zeros = Buffer.alloc(1 << 20, 0x41);
  for (let done = 0; done < inflatedBytes; done += zeros.length) deflate.write(zeros);
  await new Promise<void>((resolve) => deflate.end(resolve));
  const text = Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), Buffer.concat(parts)]);
  const list = chunks(base);
  const [first, ...rest] = list;
  if (first === undefined) throw new Error('no IHDR');
  return Buffer.concat([PNG_SIGNATURE, first.raw, pngChunk('zTXt', text), ...rest.map((c) => c.raw)]);
}

/** A valid PNG whose IDAT CRC is wrong. */
export async function pngBadCrc(): Promise<Buffer> {
  const base = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c33' } })
    .png()
    .toBuffer();
  return Buffer.concat([PNG_SIGNATURE, ...chunks(base).map((c) => (c.type === 'IDAT' ? pngChunk('IDAT', c.raw.subarray(8, c.raw.length - 4), true) : c.raw))]);
}

/** A GIF with a width × height logical screen holding one 1×1 image. */
export function gifScreenBomb(width: number, height: number): Buffer {
  const header = Buffer.from('GIF89a', 'latin1');
  const screen = Buffer.alloc(7);
  screen.writeUInt16LE(width, 0);
  screen.writeUInt16LE(height, 2);
  screen[4] = 0x80; // global colour table, 2 entries
  const palette = Buffer.from([0, 0, 0, 255, 255, 255]);
  const descriptor = Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
  const data = Buffer.from([0x02, 0x02, 0x44, 0x01, 0x00]); // LZW min code 2, one pixel
  return Buffer.concat([header, screen, palette, descriptor, data, Buffer.from([0x3b])]);
}

/** An SVG whose canvas is width × height. */
export function svgCanvas(width: number, height: number): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="10" height="10" fill="red"/></svg>`);
}

/** A solid JPEG. */
export function jpeg(width: number, height: number, background = '#4a7'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** A JPEG whose APP1 EXIF segment claims an orientation of `value` (e.g. 9, out of range). */
export async function jpegWithOrientation(value: number): Promise<Buffer> {
  const base = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#a52' } })
    .jpeg()
    .withMetadata({ orientation: 1 })
    .toBuffer();
  // Find the orientation tag (0x0112, SHORT, count 1) and patch its value.
  for (let i = 0; i + 10 < base.length; i += 1) {
    const bigEndian = base[i] === 0x01 && base[i + 1] === 0x12 && base[i + 2] === 0x00 && base[i + 3] === 0x03;
    const littleEndian = base[i] === 0x12 && base[i + 1] === 0x01 && base[i + 2] === 0x03 && base[i + 3] === 0x00;
    if (bigEndian) {
      base.writeUInt16BE(value, i + 8);
      return base;
    }
    if (littleEndian) {
      base.writeUInt16LE(value, i + 8);
      return base;
    }
  }
  throw new Error('no orientation tag in the JPEG sharp wrote');
}

/** A JPEG whose APP1 EXIF segment is garbage (a corrupt TIFF header inside `Exif\0\0`). */
export async function jpegWithCorruptExif(): Promise<Buffer> {
  const base = await jpeg(32, 24);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), Buffer.from('II*\0'), Buffer.from([0xff, 0xff, 0xff, 0x7f]), Buffer.alloc(40, 0xee)]);
  const segment = Buffer.alloc(4);
  segment[0] = 0xff;
  segment[1] = 0xe1;
  segment.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([base.subarray(0, 2), segment, payload, base.subarray(2)]);
}

/** A palette PNG with a transparent entry (tRNS). */
export function palettePngWithTransparency(): Promise<Buffer> {
  return sharp({ create: { width: 24, height: 24, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } })
    .png({ palette: true, colours: 4 })
    .toBuffer();
}

/** Grey + alpha PNG. */
export function greyAlphaPng(): Promise<Buffer> {
  return sharp({ create: { width: 20, height: 10, channels: 4, background: { r: 90, g: 90, b: 90, alpha: 0.4 } } })
    .toColourspace('b-w')
    .png()
    .toBuffer();
}

/** A 16-bit RGB PNG. */
export function png16(): Promise<Buffer> {
  return sharp({ create: { width: 12, height: 12, channels: 3, background: '#3366cc' } })
    .toColourspace('rgb16')
    .png()
    .toBuffer();
}

/** A solid PNG of any shape (1×1, 16000×50, 1×12000 …). */
export function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#2a6' } })
    .png()
    .toBuffer();
}

/** A two-page TIFF. */
export async function multiPageTiff(): Promise<Buffer> {
  const page = (c: string): Promise<Buffer> =>
    sharp({ create: { width: 16, height: 16, channels: 3, background: c } })
      .png()
      .toBuffer();
  return sharp(await Promise.all([page('#f00'), page('#00f')]), { join: { animated: true } })
    .tiff()
    .toBuffer();
}

/** An animated GIF or WebP of `frames` frames. */
export async function animated(format: 'gif' | 'webp', frames: number): Promise<Buffer> {
  const colours = ['#f00', '#0f0', '#00f', '#ff0'];
  const list = await Promise.all(
    Array.from({ length: frames }, (_, i) =>
      sharp({ create: { width: 10, height: 10, channels: 4, background: colours[i % 4] ?? '#000' } })
        .png()
        .toBuffer(),
    ),
  );
  const joined = sharp(list, { join: { animated: true } });
  return format === 'gif' ? joined.gif().toBuffer() : joined.webp().toBuffer();
}

/** A CMYK JPEG (no profile). */
export function cmykJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 16, channels: 3, background: '#2288cc' } })
    .toColourspace('cmyk')
    .jpeg()
    .toBuffer();
}

/** The minimal HEIC `ftyp` box, enough to be recognised and refused. */
export function heicHeader(): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic', 'latin1'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic', 'latin1')]);
  return Buffer.concat([ftyp, Buffer.alloc(64)]);
}
