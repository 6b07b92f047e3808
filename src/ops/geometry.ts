import { DEFAULT_RESIZE_BOX } from './resize';
import { opKindsInWords, type Op } from '../core/ops';

/**
 * `optimizeCoding: 'auto'`: optimised Huffman tables when the output keeps at most a quarter of the
 * input's pixels (see `BatchOptions.optimizeCoding` for the measurements).
 */
export function optimizeCodingFor(op: Op, width: number, height: number): boolean {
  return outputPixels(op, width, height) * 4 <= width * height;
}

/**
 * How many pixels `op` writes for a `width` × `height` input (before EXIF orientation; a resize box
 * is tried both ways round and the larger result kept, so the answer never understates).
 */
export function outputPixels(op: Op, width: number, height: number): number {
  switch (op.kind) {
    case 'grayscale':
    case 'sepia':
      return width * height;
    case 'thumbnail':
      return op.size * op.size;
    case 'resize': {
      const box = op.width === undefined && op.height === undefined ? DEFAULT_RESIZE_BOX : op;
      const fit = (w: number, h: number): number => {
        const scale = Math.min(1, box.width === undefined ? 1 : box.width / w, box.height === undefined ? 1 : box.height / h);
        return Math.round(w * scale) * Math.round(h * scale);
      };
      return Math.max(fit(width, height), fit(height, width));
    }
    default: {
      const unreachable: never = op;
      throw new TypeError(`Expected an op kind of ${opKindsInWords()} but received ${JSON.stringify(unreachable)}`);
    }
  }
}
