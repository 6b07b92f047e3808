import { explain, JobFailure, type Stage } from '../../src/job/failure';

const sysError = (code: string): Error => Object.assign(new Error(`${code}: something`), { code });

describe('explain: every per-file error becomes a code and a sentence naming the cause', () => {
  test.each<{ name: string; error: unknown; stage: Stage; format?: string; code: string; message: RegExp }>([
    { name: 'a JobFailure passes through', error: new JobFailure('EMPTY_FILE', 'the file is empty (0 bytes)'), stage: 'read', code: 'EMPTY_FILE', message: /^the file is empty \(0 bytes\)$/ },
    { name: 'EACCES on read', error: sysError('EACCES'), stage: 'read', code: 'PERMISSION_DENIED', message: /^cannot read the input: permission denied \(EACCES\)$/ },
    { name: 'ENOENT on read', error: sysError('ENOENT'), stage: 'read', code: 'NOT_FOUND', message: /no such file/ },
    { name: 'ELOOP on read', error: sysError('ELOOP'), stage: 'read', code: 'SYMLINK_LOOP', message: /symbolic links/ },
    { name: 'EACCES on write', error: sysError('EACCES'), stage: 'write', code: 'WRITE_FAILED', message: /^cannot write the output: permission denied \(EACCES\)$/ },
    { name: 'ENOSPC on write', error: sysError('ENOSPC'), stage: 'write', code: 'WRITE_FAILED', message: /no space left on device \(ENOSPC\)/ },
    { name: 'other write error', error: new Error('rename failed oddly'), stage: 'write', code: 'WRITE_FAILED', message: /cannot write the output: rename failed oddly/ },
    { name: 'pixel limit', error: new Error('Input image exceeds pixel limit'), stage: 'decode', format: 'JPEG', code: 'PIXEL_LIMIT', message: /more pixels than the limit \(--max-pixels\)/ },
    { name: 'unsupported format', error: new Error('Input buffer contains unsupported image format'), stage: 'decode', code: 'UNSUPPORTED_FORMAT', message: /not an image format imgbatch can read/ },
    { name: 'truncated JPEG', error: new Error('VipsJpeg: premature end of JPEG image'), stage: 'decode', format: 'JPEG', code: 'DECODE_FAILED', message: /^cannot decode the JPEG image, it is corrupt or truncated: VipsJpeg: premature end of JPEG image$/ },
    { name: 'PNG read error', error: new Error('vipspng: libpng read error\nvips2png: unable to write to target target'), stage: 'decode', format: 'PNG', code: 'DECODE_FAILED', message: /^cannot decode the PNG image, it is corrupt or truncated: vipspng: libpng read error$/ },
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
      error: new Error('Warning treated as error due to failOn setting\nASCII value for ASCII array tag "Tag 34737" does not end in null byte.\nerror in tile 0 x 0'),
      stage: 'decode',
      format: 'TIFF',
      code: 'DECODE_FAILED',
      message: /^cannot decode the TIFF image: the decoder warned, and warnings count as errors: ASCII value for ASCII array tag "Tag 34737" does not end in null byte\.$/,
    },
    { name: 'only foreign lines: no detail', error: new Error('VipsJpeg: Corrupt JPEG data'), stage: 'decode', format: 'GIF', code: 'DECODE_FAILED', message: /^cannot decode the GIF image, it is corrupt or truncated$/ },
    { name: 'not a decode problem', error: new Error('vips_affine: no memory for the matrix'), stage: 'decode', code: 'PROCESSING_FAILED', message: /^processing the image failed: vips_affine: no memory/ },
    { name: 'a thrown non-Error', error: 'weird', stage: 'decode', code: 'PROCESSING_FAILED', message: /^processing the image failed: weird$/ },
  ])('$name → $code', ({ error, stage, format, code, message }) => {
    const explained = explain(error, stage, format);
    expect(explained.code).toBe(code);
    expect(explained.message).toMatch(message);
  });
});
