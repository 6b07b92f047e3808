import type { Sharp } from 'sharp';
import type { ResizeOp } from '../core/ops';

/** Default box when neither width nor height is given. */
export const DEFAULT_RESIZE_BOX = { width: 800, height: 600 } as const;

/**
 * Fit inside the box; one dimension alone fixes that side and lets the other follow the aspect
 * ratio. Never enlarges.
 * @see https://sharp.pixelplumbing.com/api-resize#resize
 */
export function resize(img: Sharp, op: ResizeOp): Sharp {
  const box = op.width === undefined && op.height === undefined ? DEFAULT_RESIZE_BOX : op;
  return img.resize({
    ...(box.width === undefined ? {} : { width: box.width }),
    ...(box.height === undefined ? {} : { height: box.height }),
    fit: 'inside',
    withoutEnlargement: true,
  });
}
