import type { Sharp } from 'sharp';
import type { ImageFacts, Op } from '../core/ops';
import { applyOp } from './apply';
import { sizeAfter, type Size } from './geometry';

/**
 * Where the pixels a chain starts from came from: one decode shared by several outputs, already
 * scaled down from the source (`base`) and EXIF-oriented.
 */
export interface SharedDecode {
  readonly source: Size;
  readonly base: Size;
}

/**
 * Applies one op to pixels of one decode shared by several outputs. A resize goes straight to the
 * size it makes of the source (`sizeAfter`), so that every output has exactly the size planning
 * named it by, whatever the shared decode's rounding; other ops are applied as they are.
 */
export function applyOpShared(img: Sharp, op: Op, facts: ImageFacts, shared: SharedDecode): Sharp {
  if (op.kind !== 'resize') return applyOp(img, op, facts);
  const target = sizeAfter(op, shared.source.width, shared.source.height);
  if (target.width === shared.base.width && target.height === shared.base.height) return img;
  return img.resize({ width: target.width, height: target.height, fit: 'fill' });
}
