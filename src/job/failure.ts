import { errnoCode, type JobErrorCode } from '../core/errors';
import type { JobError } from '../core/types';

/** A per-file failure raised inside job processing; becomes a `failed` result, never escapes. */
export class JobFailure extends Error {
  readonly code: JobErrorCode;
  constructor(code: JobErrorCode, message: string) {
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

const FS_CODES: Readonly<Record<string, { code: JobErrorCode; text: string }>> = {
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

/**
 * Turns anything thrown while processing one file into a `JobError` that names the cause.
 * `format` is what the content was recognised as (`JPEG`, `PNG`, …), when known.
 */
export function explain(error: unknown, stage: Stage, format: string | undefined, diagnosis?: string): JobError {
  if (error instanceof JobFailure) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  const sysCode = errnoCode(error);
  const fsError = sysCode === undefined ? undefined : FS_CODES[sysCode];
  if (fsError !== undefined) {
    return stage === 'write'
      ? { code: 'WRITE_FAILED', message: `cannot write the output: ${fsError.text} (${sysCode})` }
      : { code: fsError.code, message: `cannot read the input: ${fsError.text} (${sysCode})` };
  }
  if (stage === 'write') return { code: 'WRITE_FAILED', message: `cannot write the output: ${firstLine(message)}` };
  if (stage === 'read') return { code: 'READ_FAILED', message: `cannot read the input: ${firstLine(message)}` };
  const timeout = /timeout: (\d+)% complete/i.exec(message);
  if (timeout !== null) {
    return { code: 'TIMEOUT', message: `processing took longer than the limit (--timeout); libvips stopped it at ${timeout[1] ?? '?'}%` };
  }
  if (/exceeds pixel limit/i.test(message)) {
    return { code: 'PIXEL_LIMIT', message: `image has more pixels than the limit (--max-pixels): ${firstLine(message)}` };
  }
  if (/unsupported image format/i.test(message)) {
    return { code: 'UNSUPPORTED_FORMAT', message: 'not an image format imgbatch can read (expected JPEG, PNG, WebP, GIF, TIFF or AVIF content)' };
  }
  const what = format === undefined ? 'image' : `${format} image`;
  if (diagnosis !== undefined) return { code: 'DECODE_FAILED', message: `cannot decode the ${what}: ${diagnosis}` };
  const warning = /Warning treated as error[^\n]*(?:\n([^\n]+))?/i.exec(message);
  if (warning !== null) {
    // failOn 'warning' (right for untrusted input): libvips' warning, if it kept it, is next.
    const said = warning[1] === undefined ? '' : `: ${warning[1].trim()}`;
    return { code: 'DECODE_FAILED', message: `cannot decode the ${what}: the decoder warned, and warnings count as errors${said}` };
  }
  const detail = libvipsDetail(message, format);
  const suffix = detail === undefined ? '' : `: ${detail}`;
  if (DECODE_WORDS.test(message)) {
    return { code: 'DECODE_FAILED', message: `cannot decode the ${what}, it is corrupt or truncated${suffix}` };
  }
  if (detail === undefined && /unable to write to target/i.test(message)) {
    // The encoder saw its input end early: the decoder stopped, on damage or on a warning that
    // failOn 'warning' treats as an error (libvips does not always say which).
    return {
      code: 'DECODE_FAILED',
      message: `cannot decode the ${what}: the decoder stopped on damaged data or a warning (untrusted input is held to failOn 'warning')`,
    };
  }
  const said = detail ?? (message.trim() === '' ? undefined : firstLine(message));
  return { code: 'PROCESSING_FAILED', message: `processing the ${what} failed${said === undefined ? ' (libvips gave no reason)' : `: ${said}`}` };
}

/** Whether libvips' message says anything about this file (see `libvipsDetail`). */
export function hasLibvipsDetail(error: unknown, format: string | undefined): boolean {
  if (error instanceof JobFailure) return true;
  const message = error instanceof Error ? error.message : String(error);
  return (
    /Warning treated as error|exceeds pixel limit|unsupported image format|timeout: \d+% complete/i.test(message) ||
    libvipsDetail(message, format) !== undefined
  );
}

/** Words of libvips' loader errors for damaged data. */
const DECODE_WORDS =
  /premature end|corrupt|truncat|read error|invalid|damaged|out of data|incomplete|bad (huffman|marker|data)|not a (jpeg|png|gif|tiff|webp)/i;

/** How libvips' loaders for each format sign their messages (VipsJpeg, vipspng, gifload, …). */
const LOADER_WORDS: Readonly<Record<string, RegExp>> = {
  JPEG: /jpe?g/i,
  PNG: /png/i,
  WebP: /webp/i,
  GIF: /gif/i,
  TIFF: /tiff/i,
  AVIF: /heif|avif/i,
  SVG: /svg/i,
};

/**
 * The line of libvips' message that speaks of this file. libvips keeps one error buffer per
 * process, and a file failing at the same moment in another worker thread can add its own lines;
 * so only lines that name this file's loader are kept, and encoder echoes are dropped.
 */
function libvipsDetail(message: string, format: string | undefined): string | undefined {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/unable to write to target/i.test(l));
  const loader = format === undefined ? undefined : LOADER_WORDS[format];
  return (loader === undefined ? lines : lines.filter((l) => loader.test(l)))[0];
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).trim();
}
