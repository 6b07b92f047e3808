import fs from 'node:fs';
import sharp from 'sharp';
import { headerFacts } from '../../src/job/header';
import { sniffFormat } from '../../src/job/sniff';
import { fixtures } from '../helpers/fixtures';
import { cmykJpeg, greyAlphaPng, jpeg, palettePngWithTransparency, png, png16 } from '../helpers/hostile';

/** The facts read from the header must equal what sharp's metadata() says, for every case. */
describe('headerFacts agrees with sharp metadata()', () => {
  test.each<{ name: string; make: () => Buffer | Promise<Buffer> }>([
    { name: 'real photo JPEG', make: () => fs.readFileSync(fixtures.landscapeJpg) },
    { name: 'JPEG with EXIF orientation 6 (stored size)', make: () => fs.readFileSync(fixtures.portraitExif6Jpg) },
    { name: 'CMYK JPEG', make: () => cmykJpeg() },
    { name: 'solid JPEG', make: () => jpeg(37, 23) },
    { name: 'RGBA PNG', make: () => fs.readFileSync(fixtures.alphaPng) },
    { name: 'RGB PNG', make: () => png(40, 30) },
    { name: 'grey + alpha PNG', make: () => greyAlphaPng() },
    { name: 'palette PNG with tRNS', make: () => palettePngWithTransparency() },
    { name: '16-bit PNG', make: () => png16() },
  ])('$name', async ({ make }) => {
    const data = await make();
    const sniffed = sniffFormat(data);
    if (sniffed === undefined) throw new Error('not sniffed');
    const facts = headerFacts(data, sniffed);
    const meta = await sharp(data).metadata();
    expect(facts).toEqual({
      width: meta.width,
      height: meta.height,
      hasAlpha: meta.hasAlpha,
      pages: meta.pages ?? 1,
      keepAs: meta.format,
      orientation: meta.orientation ?? 1,
    });
  });

  test('a JPEG cut before its frame header, or another format, leaves it to sharp (undefined)', async () => {
    const cut = (await jpeg(20, 20)).subarray(0, 4);
    expect(headerFacts(cut, 'JPEG')).toBeUndefined();
    expect(headerFacts(fs.readFileSync(fixtures.checkerGif), 'GIF')).toBeUndefined();
  });
});
