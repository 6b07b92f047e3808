import type { Sharp } from 'sharp';
import { grayscale } from './grayscale';
import { resize } from './resize';
import { sepia } from './sepia';
import { thumbnail } from './thumbnail';
import { opKindsInWords, type ImageFacts, type Op } from '../core/ops';

/** Applies one op to a sharp pipeline. Exhaustive over `Op['op']`. */
export function applyOp(img: Sharp, op: Op, facts: ImageFacts): Sharp {
  switch (op.op) {
    case 'resize':
      return resize(img, op);
    case 'grayscale':
      return grayscale(img);
    case 'sepia':
      return sepia(img, facts);
    case 'thumbnail':
      return thumbnail(img, op);
    default: {
      const unreachable: never = op;
      throw new TypeError(`Expected an op kind of ${opKindsInWords()} but received ${JSON.stringify(unreachable)}`);
    }
  }
}
