import type { Sharp } from 'sharp';
import type { ThumbnailOp } from '../core/ops';

/**
 * The largest centred square, scaled to exactly size × size (enlarging small inputs). libvips is
 * demand-driven, so the crop only computes the pixels it keeps, even for a 1-pixel strip.
 * @see https://sharp.pixelplumbing.com/api-resize#resize
 */
export function thumbnail(img: Sharp, op: ThumbnailOp): Sharp {
  return img.resize({ width: op.size, height: op.size, fit: 'cover', position: 'centre' });
}
