import sharp from 'sharp';
import type { Job } from '../core/types';
import type { OpenedInput } from './input';
import { JobFailure } from './failure';
import { preflight } from './preflight';
import { READABLE_CONTENT } from '../core/formats';
import { firstBytes, sniffFormat, type Sniffed } from './sniff';

const EXPECTED = 'expected JPEG, PNG, WebP, GIF, TIFF or AVIF';

/** Why content that is not on the allowlist is refused, naming what it is. */
export function unreadable(sniffed: Sniffed | undefined, head: Buffer): JobFailure {
  switch (sniffed) {
    case 'HEIC':
      return new JobFailure(
        'UNSUPPORTED_FORMAT',
        'HEIC image (HEVC-coded HEIF): the prebuilt sharp (libvips) has no HEVC decoder; convert it to JPEG or AVIF first',
      );
    case 'JPEG 2000':
    case 'JPEG XL':
      return new JobFailure('UNSUPPORTED_FORMAT', `${sniffed} image: the prebuilt sharp (libvips) has no ${sniffed} decoder`);
    case 'text':
      return new JobFailure('UNSUPPORTED_FORMAT', `text, not an image (${EXPECTED})`);
    case undefined:
      return new JobFailure('UNSUPPORTED_FORMAT', `not a recognised image: the content starts with ${firstBytes(head)} (${EXPECTED})`);
    default:
      return new JobFailure('UNSUPPORTED_FORMAT', `${sniffed} file: not a format imgbatch reads (${EXPECTED})`);
  }
}

let svgUnblocked = false;
/**
 * The CLI runs with VIPS_BLOCK_UNTRUSTED, which also blocks libvips' SVG loader; with allowSvg the
 * SVG loader alone is unblocked (process-wide, once). Other untrusted loaders stay blocked.
 */
function allowSvgLoader(): void {
  if (svgUnblocked) return;
  sharp.unblock({ operation: ['VipsForeignLoadSvg'] });
  svgUnblocked = true;
}

/**
 * What the input's first bytes say it is, when libvips may see it: only allowlisted formats,
 * recognised by their first bytes, ever reach libvips, and declared bombs are refused first.
 * `svg-not-allowed` when it is SVG without `allowSvg`; throws a `JobFailure` for the rest.
 */
export function admit(job: Job, input: OpenedInput): Sniffed | 'svg-not-allowed' {
  const sniffed = sniffFormat(input.head);
  if (sniffed === 'SVG' && !job.allowSvg) return 'svg-not-allowed';
  if (sniffed === undefined || !READABLE_CONTENT.has(sniffed)) throw unreadable(sniffed, input.head);
  const bomb = preflight(input.head, sniffed, job.maxPixels);
  if (bomb !== undefined) throw bomb;
  if (sniffed === 'SVG') allowSvgLoader();
  return sniffed;
}
