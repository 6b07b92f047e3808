import type { JobError } from '../core/types';

/** A per-file failure raised inside job processing; becomes a `failed` result, never escapes. */
export class JobFailure extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'JobFailure';
    this.code = code;
  }
  toJSON(): JobError {
    return { code: this.code, message: this.message };
  }
}

/** Where in the pipeline an error happened: decides how it is explained. */
export type Stage = 'read' | 'decode' | 'write';

const FS_CODES: Readonly<Record<string, { code: string; text: string }>> = {
  EACCES: { code: 'PERMISSION_DENIED', text: 'permission denied' },
  EPERM: { code: 'PERMISSION_DENIED', text: 'permission denied' },
  ENOENT: { code: 'NOT_FOUND', text: 'no such file (it vanished or is a dangling link)' },
  ELOOP: { code: 'SYMLINK_LOOP', text: 'too many levels of symbolic links' },
  EISDIR: { code: 'NOT_REGULAR_FILE', text: 'is a directory' },
  ENOSPC: { code: 'NO_SPACE', text: 'no space left on device' },
  EROFS: { code: 'READ_ONLY_FS', text: 'read-only file system' },
  EIO: { code: 'IO_ERROR', text: 'input/output error' },
  ENAMETOOLONG: { code: 'NAME_TOO_LONG', text: 'file name too long' },
};

/** Turns anything thrown while processing one file into a `JobError` that names the cause. */
export function explain(error: unknown, stage: Stage, detectedFormat: string | undefined): JobError {
  if (error instanceof JobFailure) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  const sysCode = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const fsError = sysCode === undefined ? undefined : FS_CODES[sysCode];
  if (fsError !== undefined) {
    const where = stage === 'write' ? 'cannot write the output' : 'cannot read the input';
    return { code: stage === 'write' && fsError.code === 'PERMISSION_DENIED' ? 'WRITE_FAILED' : fsError.code, message: `${where}: ${fsError.text} (${sysCode})` };
  }
  if (stage === 'write') return { code: 'WRITE_FAILED', message: `cannot write the output: ${firstLine(message)}` };
  if (/exceeds pixel limit/i.test(message)) {
    return { code: 'PIXEL_LIMIT', message: `image has more pixels than the limit (--max-pixels): ${firstLine(message)}` };
  }
  if (/unsupported image format/i.test(message)) {
    return { code: 'UNSUPPORTED_FORMAT', message: 'not an image format imgbatch can read (expected JPEG, PNG, WebP, GIF, TIFF or AVIF content)' };
  }
  const what = detectedFormat === undefined ? 'image' : `${detectedFormat.toUpperCase()} image`;
  return { code: 'DECODE_FAILED', message: `cannot decode the ${what}, it is corrupt or truncated: ${firstLine(message)}` };
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).trim();
}
