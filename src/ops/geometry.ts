import { DEFAULT_RESIZE_BOX } from './resize';
import { opKindsInWords, type Op } from '../core/ops';

/** A width and height in pixels. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

function unknownOp(op: never): never {
  throw new TypeError(`Expected an op kind of ${opKindsInWords()} but received ${JSON.stringify(op)}`);
}

/**
 * The size `op` makes of a `width` × `height` image, as sharp rounds it: a resize fits inside its
 * box without enlarging (the side that decides the scale is exact, the other rounded); a thumbnail
 * is size × size; filters keep the size.
 */
export function sizeAfter(op: Op, width: number, height: number): Size {
  switch (op.op) {
    case 'grayscale':
    case 'sepia':
      return { width, height };
    case 'thumbnail':
      return { width: op.size, height: op.size };
    case 'resize': {
      const box = op.width === undefined && op.height === undefined ? DEFAULT_RESIZE_BOX : op;
      const xFactor = box.width === undefined ? 0 : width / box.width;
      const yFactor = box.height === undefined ? 0 : height / box.height;
      const factor = Math.max(xFactor, yFactor);
      if (factor <= 1) return { width, height };
      return xFactor >= yFactor
        ? { width: box.width ?? width, height: Math.max(1, Math.round(height / factor)) }
        : { width: Math.max(1, Math.round(width / factor)), height: box.height ?? height };
    }
    default:
      return unknownOp(op);
  }
}

/** The size a chain of ops makes of a `width` × `height` image (as shown, after EXIF orientation). */
export function outputSize(ops: readonly Op[], width: number, height: number): Size {
  return ops.reduce<Size>((size, op) => sizeAfter(op, size.width, size.height), { width, height });
}

/**
 * The scale of the source the chain's first op that changes the size needs, at most 1: what one
 * decode for several outputs must keep (a resize: its output's scale; a thumbnail: the scale that
 * covers its square; filters alone: 1).
 */
export function sourceScale(ops: readonly Op[], width: number, height: number): number {
  for (const op of ops) {
    switch (op.op) {
      case 'grayscale':
      case 'sepia':
        continue;
      case 'thumbnail':
        return Math.min(1, Math.max(op.size / width, op.size / height));
      case 'resize': {
        const size = sizeAfter(op, width, height);
        return Math.min(1, Math.max(size.width / width, size.height / height));
      }
      default:
        return unknownOp(op);
    }
  }
  return 1;
}

/** Whether the chain leaves grey pixels (the last colour op is a greyscale). */
export function makesGrey(ops: readonly Op[]): boolean {
  return ops.reduce((grey, op) => (op.op === 'grayscale' ? true : op.op === 'sepia' ? false : grey), false);
}

/**
 * How many pixels `op` writes for a `width` × `height` input (before EXIF orientation; a resize box
 * is tried both ways round and the larger result kept, so the answer never understates).
 */
export function outputPixels(op: Op | readonly Op[], width: number, height: number): number {
  const ops = Array.isArray(op) ? (op as readonly Op[]) : [op as Op];
  const pixels = (s: Size): number => s.width * s.height;
  return Math.max(pixels(outputSize(ops, width, height)), pixels(outputSize(ops, height, width)));
}

/**
 * `optimizeCoding: 'auto'`: optimised Huffman tables when the output keeps at most a quarter of the
 * input's pixels (see `BatchOptions.optimizeCoding` for the measurements).
 */
export function optimizeCodingFor(ops: Op | readonly Op[], width: number, height: number): boolean {
  return outputPixels(ops, width, height) * 4 <= width * height;
}

/** The width the chain's first resize asks for: undefined when it asks for none, or has no resize. */
export function requestedWidth(ops: readonly Op[]): number | undefined {
  const first = ops.find((op) => op.op === 'resize' || op.op === 'thumbnail');
  return first?.op === 'resize' ? first.width : undefined;
}

/** The chain without that width: outputs that differ only in it form one family of widths. */
export function withoutRequestedWidth(ops: readonly Op[]): readonly Op[] {
  let done = false;
  return ops.map((op) => {
    if (done || (op.op !== 'resize' && op.op !== 'thumbnail')) return op;
    done = true;
    if (op.op !== 'resize') return op;
    const { width: _width, ...rest } = op;
    return rest;
  });
}

/** Whether the chain leaves the source at its own size because every box it was given is larger (never enlarging). */
export function keepsSourceSize(ops: readonly Op[], width: number, height: number): boolean {
  const first = ops.find((op) => op.op === 'resize' || op.op === 'thumbnail');
  if (first?.op !== 'resize') return false;
  const size = sizeAfter(first, width, height);
  return size.width === width && size.height === height && (first.width ?? 0) > width;
}
