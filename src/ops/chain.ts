import type { Sharp } from 'sharp';
import type { ImageFacts, Op } from '../core/ops';
import { applyOp } from './apply';
import { sizeAfter, type Size } from './geometry';

/**
 * Where the pixels an output starts from came from: the source's size as shown (after EXIF
 * orientation), and the size of the pixels in hand (`base`): the same when the output's pipeline
 * decodes the input itself, smaller when one decode is shared by several outputs.
 */
export interface PixelsFrom {
  readonly source: Size;
  readonly base: Size;
}

/**
 * Applies the first op of an output's chain. A resize goes straight to the size it makes of the
 * source (`sizeAfter`), so that every output has exactly the size planning named it by, whatever
 * the rounding of sharp's shrink-on-load or of a shared decode (under a pixel of stretch at most);
 * other ops are applied as they are.
 */
export function applyFirstOp(img: Sharp, op: Op, facts: ImageFacts, from: PixelsFrom): Sharp {
  if (op.op !== 'resize') return applyOp(img, op, facts);
  const target = sizeAfter(op, from.source.width, from.source.height);
  if (target.width === from.base.width && target.height === from.base.height) return img;
  return img.resize({ width: target.width, height: target.height, fit: 'fill' });
}
