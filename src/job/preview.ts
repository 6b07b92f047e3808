import sharp, { type Sharp } from 'sharp';
import type { PreviewRequest, PreviewWritten } from '../core/preview';
import type { FileIO } from './file-io';
import { fromRaw, type Decoded } from './render';

/**
 * The report's previews (`Job.preview`), made from pixels the job already has: the "before" from
 * the job's decode, the "after" from the first output's encoded bytes. WebP: a fraction of a JPEG's
 * bytes at the same look for a 160 px image, alpha kept (a transparent PNG stays transparent), and
 * every browser shows it. A preview that cannot be made is left out: it never fails its input.
 */

const PREVIEW_QUALITY = 70;

function small(img: Sharp, size: number): Sharp {
  return img.resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true }).toColourspace('srgb').webp({ quality: PREVIEW_QUALITY });
}

async function written(io: FileIO, req: PreviewRequest, file: string, make: () => Promise<Buffer>): Promise<string | undefined> {
  try {
    await io.writeOutput({ output: file, outputRoot: req.root }, await make());
    return file;
  } catch {
    return undefined;
  }
}

/** The "before": the decoded pixels (raw), or a decoder of the input (which shrinks on load), made small. */
export function writeBefore(io: FileIO, req: PreviewRequest, from: Pick<Decoded, 'data' | 'info'> | (() => Sharp)): Promise<string | undefined> {
  const img = (): Sharp => (typeof from === 'function' ? from() : fromRaw(from.data, from.info));
  return written(io, req, req.before, () => small(img(), req.size).toBuffer());
}

/** The "after": the first output's encoded bytes, decoded small. */
export function writeAfter(io: FileIO, req: PreviewRequest, encoded: Buffer): Promise<string | undefined> {
  return written(io, req, req.after, () => small(sharp(encoded, { failOn: 'none' }), req.size).toBuffer());
}

/** The previews' field of a result: only those written. */
export function previewField(before: string | undefined, after: string | undefined): { preview?: PreviewWritten } {
  if (before === undefined && after === undefined) return {};
  return { preview: { ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) } };
}
