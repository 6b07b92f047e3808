import zlib from 'node:zlib';
import { JobFailure } from './failure';
import type { Sniffed } from './sniff';
import { errnoCode } from '../core/errors';

/** libpng's own cap on a decompressed ancillary chunk (PNG_USER_CHUNK_MALLOC_MAX). */
export const MAX_INFLATED_CHUNK = 8_000_000;

/**
 * Cheap header checks that refuse declared bombs before libvips sees them. libvips alone copes
 * with these two (it sizes a GIF by its frames and libpng caps text chunks), but a file that
 * declares them is hostile, and the record should say so.
 */
export function preflight(data: Buffer, sniffed: Sniffed, maxPixels: number): JobFailure | undefined {
  if (sniffed === 'GIF' && data.length >= 10) {
    const width = data.readUInt16LE(6);
    const height = data.readUInt16LE(8);
    if (width * height > maxPixels) {
      return new JobFailure('PIXEL_LIMIT', `the GIF declares a ${width}×${height} screen, more pixels than the limit (--max-pixels ${maxPixels})`);
    }
  }
  if (sniffed === 'PNG') return pngChunkBomb(data);
  return undefined;
}

/** zTXt, iTXt and iCCP chunks hold zlib streams: refuse one that inflates past the cap. */
function pngChunkBomb(data: Buffer): JobFailure | undefined {
  let at = 8;
  while (at + 12 <= data.length) {
    const length = data.readUInt32BE(at);
    const type = data.toString('latin1', at + 4, at + 8);
    const body = data.subarray(at + 8, Math.min(data.length, at + 8 + length));
    if (type === 'IEND') return undefined;
    const stream = compressedPart(type, body);
    if (stream !== undefined) {
      try {
        zlib.inflateSync(stream, { maxOutputLength: MAX_INFLATED_CHUNK });
      } catch (error: unknown) {
        if (errnoCode(error) === 'ERR_BUFFER_TOO_LARGE') {
          return new JobFailure('DECOMPRESSION_BOMB', `the PNG ${type} chunk inflates to more than ${MAX_INFLATED_CHUNK / 1e6} MB (a decompression bomb)`);
        }
        // A damaged stream is libpng's to judge.
      }
    }
    at += 12 + length;
  }
  return undefined;
}

/** The zlib stream inside a compressed chunk: keyword\0method[…] then data. */
function compressedPart(type: string, body: Buffer): Buffer | undefined {
  const nul = body.indexOf(0);
  if (nul < 0) return undefined;
  if (type === 'zTXt' || type === 'iCCP') return body.subarray(nul + 2);
  if (type === 'iTXt' && body[nul + 1] === 1) {
    // keyword\0 flag method language\0 translated\0 text
    const lang = body.indexOf(0, nul + 3);
    const translated = lang < 0 ? -1 : body.indexOf(0, lang + 1);
    return translated < 0 ? undefined : body.subarray(translated + 1);
  }
  return undefined;
}
