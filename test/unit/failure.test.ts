import { diagnose } from '../../src/job/diagnose';
import { explain, JobFailure, type Stage } from '../../src/job/failure';
import { jpeg, png, pngBadCrc, pngHeaderBomb } from '../helpers/hostile';
import { fixtures } from '../helpers/fixtures';
import fs from 'node:fs';

const sysError = (code: string): Error => Object.assign(new Error(`${code}: something`), { code });

describe('explain: every per-file error becomes a code and a sentence naming the cause', () => {
  test.each<{ name: string; error: unknown; stage: Stage; format?: string; diagnosis?: string; code: string; message: RegExp }>([
    {
      name: 'a JobFailure passes through',
      error: new JobFailure('EMPTY_FILE', 'the file is empty (0 bytes)'),
      stage: 'read',
      code: 'EMPTY_FILE',
      message: /^the file is empty \(0 bytes\)$/,
    },
    {
      name: 'EACCES on read',
      error: sysError('EACCES'),
      stage: 'read',
      code: 'PERMISSION_DENIED',
      message: /^cannot read the input: permission denied \(EACCES\)$/,
    },
    { name: 'ENOENT on read', error: sysError('ENOENT'), stage: 'read', code: 'NOT_FOUND', message: /no such file/ },
    { name: 'ELOOP on read', error: sysError('ELOOP'), stage: 'read', code: 'SYMLINK_LOOP', message: /symbolic links/ },
    {
      name: 'another system error on read is a read failure',
      error: sysError('ESTALE'),
      stage: 'read',
      code: 'READ_FAILED',
      message: /^cannot read the input: ESTALE: something$/,
    },
    {
      name: 'EACCES on write',
      error: sysError('EACCES'),
      stage: 'write',
      code: 'WRITE_FAILED',
      message: /^cannot write the output: permission denied \(EACCES\)$/,
    },
    { name: 'ENOSPC on write', error: sysError('ENOSPC'), stage: 'write', code: 'WRITE_FAILED', message: /no space left on device \(ENOSPC\)/ },
    {
      name: 'other write error',
      error: new Error('rename failed oddly'),
      stage: 'write',
      code: 'WRITE_FAILED',
      message: /cannot write the output: rename failed oddly/,
    },
    {
      name: 'pixel limit',
      error: new Error('Input image exceeds pixel limit'),
      stage: 'decode',
      format: 'JPEG',
      code: 'PIXEL_LIMIT',
      message: /more pixels than the limit \(--max-pixels\)/,
    },
    {
      name: 'unsupported format',
      error: new Error('Input buffer contains unsupported image format'),
      stage: 'decode',
      code: 'UNSUPPORTED_FORMAT',
      message: /not an image format imgbatch can read/,
    },
    {
      name: 'truncated JPEG',
      error: new Error('VipsJpeg: premature end of JPEG image'),
      stage: 'decode',
      format: 'JPEG',
      code: 'DECODE_FAILED',
      message: /^cannot decode the JPEG image, it is corrupt or truncated: VipsJpeg: premature end of JPEG image$/,
    },
    {
      name: 'PNG read error',
      error: new Error('vipspng: libpng read error\nvips2png: unable to write to target target'),
      stage: 'decode',
      format: 'PNG',
      code: 'DECODE_FAILED',
      message: /^cannot decode the PNG image, it is corrupt or truncated: vipspng: libpng read error$/,
    },
    {
      name: "another thread's libvips line is not blamed on this file",
      error: new Error('VipsJpeg: Corrupt JPEG data: premature end of data segment\nvipspng: libpng read error'),
      stage: 'decode',
      format: 'PNG',
      code: 'DECODE_FAILED',
      message: /^cannot decode the PNG image, it is corrupt or truncated: vipspng: libpng read error$/,
    },
    {
      name: "a libvips warning under failOn 'warning'",
      error: new Error(
        'Warning treated as error due to failOn setting\nASCII value for ASCII array tag "Tag 34737" does not end in null byte.\nerror in tile 0 x 0',
      ),
      stage: 'decode',
      format: 'TIFF',
      code: 'DECODE_FAILED',
      message:
        /^cannot decode the TIFF image: the decoder warned, and warnings count as errors: ASCII value for ASCII array tag "Tag 34737" does not end in null byte\.$/,
    },
    {
      name: 'a structural diagnosis wins over any libvips text',
      error: new Error('VipsJpeg: something else'),
      stage: 'decode',
      format: 'PNG',
      diagnosis: 'it is truncated (no IEND chunk)',
      code: 'DECODE_FAILED',
      message: /^cannot decode the PNG image: it is truncated \(no IEND chunk\)$/,
    },
    {
      name: 'a warning whose words another thread took',
      error: new Error('Warning treated as error due to failOn setting'),
      stage: 'decode',
      format: 'JPEG',
      code: 'DECODE_FAILED',
      message: /^cannot decode the JPEG image: the decoder warned, and warnings count as errors$/,
    },
    {
      name: 'only foreign lines: no detail',
      error: new Error('VipsJpeg: Corrupt JPEG data'),
      stage: 'decode',
      format: 'GIF',
      code: 'DECODE_FAILED',
      message: /^cannot decode the GIF image, it is corrupt or truncated$/,
    },
    {
      name: 'not a decode problem',
      error: new Error('vips_affine: no memory for the matrix'),
      stage: 'decode',
      code: 'PROCESSING_FAILED',
      message: /^processing the image failed: vips_affine: no memory/,
    },
    {
      name: 'no words at all',
      error: new Error(''),
      stage: 'decode',
      format: 'JPEG',
      code: 'PROCESSING_FAILED',
      message: /^processing the JPEG image failed \(libvips gave no reason\)$/,
    },
    {
      name: 'a processing error with words of its own',
      error: new Error('Band expansion using linear is unsupported'),
      stage: 'decode',
      format: 'PNG',
      code: 'PROCESSING_FAILED',
      message: /^processing the PNG image failed: Band expansion using linear is unsupported$/,
    },
    { name: 'a thrown non-Error', error: 'weird', stage: 'decode', code: 'PROCESSING_FAILED', message: /^processing the image failed: weird$/ },
  ])('$name → $code', ({ error, stage, format, diagnosis, code, message }) => {
    const explained = explain(error, stage, format, diagnosis);
    expect(explained.code).toBe(code);
    expect(explained.message).toMatch(message);
  });
});

describe('diagnose: what is wrong with a file, from its own bytes', () => {
  test.each<{ name: string; make: () => Promise<Buffer>; sniffed: 'JPEG' | 'PNG'; expected: string | undefined }>([
    { name: 'a whole JPEG', make: () => jpeg(32, 32), sniffed: 'JPEG', expected: undefined },
    {
      name: 'a JPEG cut in its scan data',
      make: async () => fs.readFileSync(fixtures.landscapeJpg).subarray(0, 40_000),
      sniffed: 'JPEG',
      expected: 'it is truncated (the image data has no end marker)',
    },
    {
      name: 'a JPEG cut before its scan',
      make: async () => (await jpeg(32, 32)).subarray(0, 20),
      sniffed: 'JPEG',
      expected: 'it has no image data (no start-of-scan marker)',
    },
    { name: 'a whole PNG', make: () => png(16, 16), sniffed: 'PNG', expected: undefined },
    {
      name: 'a PNG cut inside IDAT',
      make: async () => {
        const b = await png(64, 64);
        return b.subarray(0, b.length - 20);
      },
      sniffed: 'PNG',
      expected: 'it is truncated (the file ends inside its IDAT chunk)',
    },
    { name: 'a PNG with a bad IDAT CRC', make: () => pngBadCrc(), sniffed: 'PNG', expected: 'its IDAT chunk is damaged (bad CRC)' },
    { name: 'a PNG header bomb (one tiny IDAT, whole structure)', make: async () => pngHeaderBomb(10, 10), sniffed: 'PNG', expected: undefined },
  ])('$name', async ({ make, sniffed, expected }) => {
    expect(diagnose(await make(), sniffed)).toBe(expected);
  });
});
