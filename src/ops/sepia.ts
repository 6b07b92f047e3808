import type { Sharp } from 'sharp';
import type { ImageFacts } from './types';

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
 * Sepia through libvips' recomb: no per-pixel JavaScript. recomb yields float pixels still labelled
 * sRGB, which the TIFF encoder would store as float; the identity `linear` after it rounds and
 * clamps every band (alpha included) back to 8 bits, so every format gets 8-bit sRGB.
 * @see https://sharp.pixelplumbing.com/api-operation#recomb
 */
export function sepia(img: Sharp, facts: ImageFacts): Sharp {
  const [r, g, b] = SEPIA_MATRIX;
  const bands = facts.hasAlpha ? 4 : 3;
  return img
    .recomb([
      [r[0], r[1], r[2]],
      [g[0], g[1], g[2]],
      [b[0], b[1], b[2]],
    ])
    .linear(Array<number>(bands).fill(1), Array<number>(bands).fill(0));
}
