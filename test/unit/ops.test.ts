import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import type { OutputFormat } from '../../src/core/formats';
import { applyOp, outputPixels, SEPIA_MATRIX, type Op } from '../../src/ops';
import { encode } from '../../src/job/encode';
import { fixtures } from '../helpers/fixtures';

interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** A solid image in memory, as an encoded PNG buffer (so the pipeline starts from a real decode). */
async function solid(width: number, height: number, colour: Rgb & { alpha?: number }): Promise<Buffer> {
  const channels = colour.alpha === undefined ? 3 : 4;
  return sharp({ create: { width, height, channels, background: colour } })
    .png()
    .toBuffer();
}

/** Three vertical stripes (red | green | blue) of equal width. */
async function stripes(width: number, height: number): Promise<Buffer> {
  const third = Math.floor(width / 3);
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      const band = x < third ? 0 : x < 2 * third ? 1 : 2;
      data[i + band] = 255;
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

async function run(input: Buffer, op: Op, format: OutputFormat = 'png'): Promise<{ data: Buffer; info: OutputInfo; meta: Metadata }> {
  const hasAlpha = (await sharp(input).metadata()).hasAlpha && format !== 'jpeg';
  const img: Sharp = encode(applyOp(sharp(input).autoOrient(), op, { hasAlpha, output: format }), {
    format,
    quality: 95,
    optimizeCoding: true,
    grey: op.op === 'grayscale',
    keepMetadata: false,
  });
  const encoded = await img.toBuffer();
  const meta = await sharp(encoded).metadata();
  const { data, info } = await sharp(encoded).raw().toBuffer({ resolveWithObject: true });
  return { data, info, meta };
}

const clamp = (v: number): number => Math.max(0, Math.min(255, v));
function sepiaOf(c: Rgb): Rgb {
  const [r, g, b] = SEPIA_MATRIX;
  return {
    r: clamp(r[0] * c.r + r[1] * c.g + r[2] * c.b),
    g: clamp(g[0] * c.r + g[1] * c.g + g[2] * c.b),
    b: clamp(b[0] * c.r + b[1] * c.g + b[2] * c.b),
  };
}

describe('sepia', () => {
  test.each<{ name: string; colour: Rgb }>([
    { name: 'mid blue-grey', colour: { r: 100, g: 150, b: 200 } },
    { name: 'dark red', colour: { r: 120, g: 20, b: 10 } },
    { name: 'black', colour: { r: 0, g: 0, b: 0 } },
    { name: 'white (clamped)', colour: { r: 255, g: 255, b: 255 } },
    { name: 'pure green (R clamped)', colour: { r: 0, g: 255, b: 0 } },
  ])('$name equals the classic matrix within ±2 per channel', async ({ colour }) => {
    const { data, info } = await run(await solid(8, 8, colour), { op: 'sepia' });
    expect(info.channels).toBe(3);
    const want = sepiaOf(colour);
    expect(Math.abs((data[0] ?? -99) - want.r)).toBeLessThanOrEqual(2);
    expect(Math.abs((data[1] ?? -99) - want.g)).toBeLessThanOrEqual(2);
    expect(Math.abs((data[2] ?? -99) - want.b)).toBeLessThanOrEqual(2);
  });

  test.each<OutputFormat>(['tiff', 'png', 'webp', 'jpeg'])(
    'writes 8-bit sRGB %s, not float (recomb output is cast back), with and without alpha',
    async (format) => {
      const colour = { r: 136, g: 68, b: 34 };
      // JPEG flattens half-transparent pixels onto white before the sepia matrix sees them.
      const a = 128 / 255; // alpha 0.5 as PNG stores it
      const onWhite = { r: 136 * a + 255 * (1 - a), g: 68 * a + 255 * (1 - a), b: 34 * a + 255 * (1 - a) };
      for (const [input, seen] of [
        [await solid(4, 4, colour), colour],
        [await solid(4, 4, { ...colour, alpha: 0.5 }), format === 'jpeg' ? onWhite : colour],
      ] as const) {
        const { meta, data } = await run(input, { op: 'sepia' }, format);
        expect({ depth: meta.depth, space: meta.space }).toEqual({ depth: 'uchar', space: 'srgb' });
        const want = sepiaOf(seen);
        // Flattening rounds to 8 bits before the matrix, and JPEG is lossy: one more step of slack there.
        const slack = seen === onWhite ? 3 : 2;
        expect(Math.abs((data[0] ?? 0) - want.r)).toBeLessThanOrEqual(slack);
        expect(Math.abs((data[2] ?? 0) - want.b)).toBeLessThanOrEqual(slack);
      }
    },
  );

  test('keeps alpha untouched', async () => {
    const { data, info } = await run(await solid(8, 8, { r: 100, g: 150, b: 200, alpha: 0.5 }), { op: 'sepia' });
    expect(info.channels).toBe(4);
    expect(data[3]).toBe(128);
    expect(Math.abs((data[0] ?? 0) - sepiaOf({ r: 100, g: 150, b: 200 }).r)).toBeLessThanOrEqual(2);
  });

  test('works on a greyscale input (promoted to sRGB first)', async () => {
    const grey = await sharp({ create: { width: 4, height: 4, channels: 3, background: { r: 90, g: 90, b: 90 } } })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    const { data, info } = await run(grey, { op: 'sepia' });
    expect(info.channels).toBe(3);
    const want = sepiaOf({ r: 90, g: 90, b: 90 });
    expect(Math.abs((data[0] ?? 0) - want.r)).toBeLessThanOrEqual(2);
    expect(Math.abs((data[2] ?? 0) - want.b)).toBeLessThanOrEqual(2);
  });
});

describe('grayscale', () => {
  test.each<{ format: OutputFormat; alpha: boolean; channels: number; space: string }>([
    { format: 'jpeg', alpha: false, channels: 1, space: 'b-w' },
    { format: 'jpeg', alpha: true, channels: 1, space: 'b-w' },
    { format: 'png', alpha: false, channels: 1, space: 'b-w' },
    { format: 'png', alpha: true, channels: 2, space: 'b-w' },
    { format: 'tiff', alpha: false, channels: 1, space: 'b-w' },
    { format: 'webp', alpha: false, channels: 3, space: 'srgb' },
    { format: 'webp', alpha: true, channels: 4, space: 'srgb' },
  ])('$format (alpha: $alpha) stores $channels channel(s)', async ({ format, alpha, channels, space }) => {
    const input = await solid(16, 16, alpha ? { r: 200, g: 40, b: 40, alpha: 0.5 } : { r: 200, g: 40, b: 40 });
    const { meta, data, info } = await run(input, { op: 'grayscale' }, format);
    expect(meta.channels).toBe(channels);
    expect(meta.space).toBe(space);
    if (info.channels >= 3) {
      // Three equal channels: grey, stored as RGB.
      expect(Math.abs((data[0] ?? 0) - (data[1] ?? 1))).toBeLessThanOrEqual(1);
      expect(Math.abs((data[1] ?? 0) - (data[2] ?? 1))).toBeLessThanOrEqual(1);
    }
  });
});

describe('thumbnail', () => {
  test.each<{ name: string; width: number; height: number; size: number }>([
    { name: 'landscape', width: 300, height: 100, size: 150 },
    { name: 'portrait', width: 90, height: 270, size: 64 },
    { name: 'panorama 16000×50', width: 16000, height: 50, size: 150 },
    { name: '1-pixel vertical strip 1×12000', width: 1, height: 12000, size: 150 },
    { name: '1-pixel horizontal strip', width: 5000, height: 1, size: 150 },
    { name: 'smaller than the size (enlarged)', width: 30, height: 20, size: 150 },
    { name: '1×1', width: 1, height: 1, size: 150 },
  ])('$name → exactly size × size', async ({ width, height, size }) => {
    const { info } = await run(await solid(width, height, { r: 10, g: 200, b: 10 }), { op: 'thumbnail', size });
    expect([info.width, info.height]).toEqual([size, size]);
  });

  test('is the centred square: the middle third of red|green|blue stripes is all green', async () => {
    const { data, info } = await run(await stripes(300, 100), { op: 'thumbnail', size: 60 });
    expect([info.width, info.height]).toEqual([60, 60]);
    for (const x of [2, 30, 57]) {
      for (const y of [2, 30, 57]) {
        const i = (y * info.width + x) * info.channels;
        expect(data[i + 1]).toBeGreaterThan(200);
        expect(data[i]).toBeLessThan(40);
        expect(data[i + 2]).toBeLessThan(40);
      }
    }
  });
});

describe('resize', () => {
  test.each<{ name: string; input: [number, number]; op: Op; expected: [number, number] }>([
    { name: 'default box 800×600, landscape', input: [1600, 1000], op: { op: 'resize' }, expected: [800, 500] },
    { name: 'default box, portrait', input: [1000, 2000], op: { op: 'resize' }, expected: [300, 600] },
    { name: 'width only', input: [1200, 900], op: { op: 'resize', width: 400 }, expected: [400, 300] },
    { name: 'height only', input: [1200, 900], op: { op: 'resize', height: 90 }, expected: [120, 90] },
    { name: 'both: fit inside', input: [1000, 500], op: { op: 'resize', width: 300, height: 300 }, expected: [300, 150] },
    { name: 'never enlarges (default box)', input: [320, 240], op: { op: 'resize' }, expected: [320, 240] },
    { name: 'never enlarges (width)', input: [320, 240], op: { op: 'resize', width: 2000 }, expected: [320, 240] },
    { name: 'odd aspect', input: [1001, 333], op: { op: 'resize', width: 500 }, expected: [500, 166] },
  ])('$name', async ({ input, op, expected }) => {
    const { info } = await run(await solid(input[0], input[1], { r: 1, g: 2, b: 3 }), op);
    expect(Math.abs(info.width - expected[0])).toBeLessThanOrEqual(1);
    expect(Math.abs(info.height - expected[1])).toBeLessThanOrEqual(1);
    // Aspect kept within 1 px.
    expect(Math.abs(info.height - (info.width * input[1]) / input[0])).toBeLessThanOrEqual(1);
    expect(info.width).toBeLessThanOrEqual(input[0]);
  });
});

describe('outputPixels', () => {
  test.each<{ name: string; input: [number, number]; op: Op; expected: number }>([
    { name: 'grayscale keeps every pixel', input: [4000, 3000], op: { op: 'grayscale' }, expected: 12_000_000 },
    { name: 'sepia keeps every pixel', input: [10, 7], op: { op: 'sepia' }, expected: 70 },
    { name: 'thumbnail is size²', input: [4000, 3000], op: { op: 'thumbnail', size: 150 }, expected: 22_500 },
    { name: 'thumbnail of a smaller image is still size²', input: [100, 50], op: { op: 'thumbnail', size: 150 }, expected: 22_500 },
    { name: 'resize into the default box', input: [1600, 1000], op: { op: 'resize' }, expected: 800 * 500 },
    { name: 'resize width only (as if turned by EXIF: 400 × 533)', input: [1200, 900], op: { op: 'resize', width: 400 }, expected: 400 * 533 },
    { name: 'resize inside the box is a no-op', input: [320, 240], op: { op: 'resize' }, expected: 320 * 240 },
    // Stored 3000×4000 with EXIF orientation 6 displays 4000×3000: the larger of both fits counts.
    { name: 'resize of a portrait counts the box both ways round', input: [3000, 4000], op: { op: 'resize' }, expected: 800 * 600 },
  ])('$name', ({ input, op, expected }) => {
    expect(outputPixels(op, input[0], input[1])).toBe(expected);
  });
});

describe('encode', () => {
  test('optimised Huffman tables: same pixels, fewer bytes', async () => {
    const photo = await sharp(fixtures.landscapeJpg).toBuffer();
    const encodeWith = (optimizeCoding: boolean): Promise<Buffer> =>
      encode(sharp(photo), { format: 'jpeg', quality: 85, optimizeCoding, grey: false, keepMetadata: false }).toBuffer();
    const [optimised, standard] = await Promise.all([encodeWith(true), encodeWith(false)]);
    expect(optimised.length).toBeLessThan(standard.length);
    const [a, b] = await Promise.all([sharp(optimised).raw().toBuffer(), sharp(standard).raw().toBuffer()]);
    expect(a.equals(b)).toBe(true);
  });

  test('JPEG output flattens alpha onto white', async () => {
    const transparent = await solid(8, 8, { r: 0, g: 0, b: 0, alpha: 0 });
    const { data, info, meta } = await run(transparent, { op: 'resize' }, 'jpeg');
    expect(meta.format).toBe('jpeg');
    expect(info.channels).toBe(3);
    expect(data[0]).toBeGreaterThan(250);
    expect(data[1]).toBeGreaterThan(250);
    expect(data[2]).toBeGreaterThan(250);
  });

  test('PNG output keeps alpha and is not palette-quantised', async () => {
    const { meta } = await run(await solid(8, 8, { r: 10, g: 20, b: 30, alpha: 0.25 }), { op: 'resize' }, 'png');
    expect(meta.channels).toBe(4);
    expect(meta.isPalette).toBeFalsy();
  });

  test('16-bit input becomes 8-bit sRGB', async () => {
    const deep = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#336699' } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    const { meta } = await run(deep, { op: 'resize' }, 'png');
    expect(meta.depth).toBe('uchar');
    expect(meta.space).toBe('srgb');
  });

  test.each<OutputFormat>(['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff'])('writes %s', async (format) => {
    const { meta } = await run(await solid(16, 16, { r: 50, g: 100, b: 150 }), { op: 'resize' }, format);
    expect(meta.format).toBe(format === 'avif' ? 'heif' : format);
  });
});
