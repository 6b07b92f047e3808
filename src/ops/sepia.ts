import type { Sharp } from 'sharp';

/**
 * The classic sepia matrix (rows give R', G', B'). libvips clamps when the result is cast back
 * to 8 bits; alpha is left untouched by sharp's recomb.
 */
export const SEPIA_MATRIX: readonly [
  readonly [number, number, number],
  readonly [number, number, number],
  readonly [number, number, number],
] = [
  [0.393, 0.769, 0.189],
  [0.349, 0.686, 0.168],
  [0.272, 0.534, 0.131],
];

/**
 * Sepia through libvips' recomb: no per-pixel JavaScript.
 * @see https://sharp.pixelplumbing.com/api-operation#recomb
 */
export function sepia(img: Sharp): Sharp {
  const [r, g, b] = SEPIA_MATRIX;
  return img.recomb([
    [r[0], r[1], r[2]],
    [g[0], g[1], g[2]],
    [b[0], b[1], b[2]],
  ]);
}
