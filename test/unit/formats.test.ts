import {
  FORMAT_CHOICES,
  IMAGE_EXTENSIONS,
  READABLE_CONTENT,
  contentOf,
  formatFromExtension,
  keptFormat,
  keptFormatOfSharp,
  storesGrey,
  writtenExtension,
} from '../../src/core/formats';

describe('the one formats table, and what derives from it', () => {
  test('extensions picked from folders, in the order users read them', () => {
    expect(IMAGE_EXTENSIONS).toEqual(['jpg', 'jpeg', 'png', 'webp', 'gif', 'tif', 'tiff', 'avif', 'svg']);
  });

  test('--format choices: keep, then the formats written under any option', () => {
    expect(FORMAT_CHOICES).toEqual(['keep', 'jpeg', 'png', 'webp', 'avif']);
  });

  test.each([
    { file: 'a.JPG', named: 'jpeg', kept: 'jpeg', content: 'JPEG' },
    { file: 'a.tif', named: 'tiff', kept: 'tiff', content: 'TIFF' },
    { file: 'a.svg', named: 'svg', kept: 'png', content: 'SVG' },
    { file: 'a.webp', named: 'webp', kept: 'webp', content: 'WebP' },
  ] as const)('$file: named $named, kept as $kept, content $content', ({ file, named, kept, content }) => {
    expect(formatFromExtension(file)).toBe(named);
    expect(keptFormat(named)).toBe(kept);
    expect(contentOf(named)).toBe(content);
  });

  test('no format for other extensions', () => {
    expect(formatFromExtension('a.bmp')).toBeUndefined();
    expect(keptFormat(undefined)).toBeUndefined();
  });

  test.each([
    { format: 'jpeg', ext: 'jpg', grey: true },
    { format: 'png', ext: 'png', grey: true },
    { format: 'tiff', ext: 'tiff', grey: true },
    { format: 'webp', ext: 'webp', grey: false },
    { format: 'avif', ext: 'avif', grey: false },
    { format: 'gif', ext: 'gif', grey: false },
  ] as const)('$format is written as .$ext, grey stored natively: $grey', ({ format, ext, grey }) => {
    expect(writtenExtension(format)).toBe(ext);
    expect(storesGrey(format)).toBe(grey);
  });

  test.each([
    { sharp: 'jpeg', compression: undefined, kept: 'jpeg' },
    { sharp: 'heif', compression: 'av1', kept: 'avif' },
    { sharp: 'heif', compression: 'hevc', kept: undefined },
    { sharp: 'svg', compression: undefined, kept: 'png' },
    { sharp: 'jp2k', compression: undefined, kept: undefined },
  ])("sharp's $sharp ($compression) is kept as $kept", ({ sharp, compression, kept }) => {
    expect(keptFormatOfSharp(sharp, compression)).toBe(kept);
  });

  test('readable content: the seven formats, named as messages name them', () => {
    expect([...READABLE_CONTENT].sort()).toEqual(['AVIF', 'GIF', 'JPEG', 'PNG', 'SVG', 'TIFF', 'WebP']);
  });
});
