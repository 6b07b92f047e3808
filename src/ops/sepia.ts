import type { Sharp } from 'sharp';
import type { ImageFacts } from '../core/ops';

/**
 * The classic sepia matrix (rows give R', G', B'). libvips clamps when the result is cast back
 * to 8 bits; alpha is left untouched by sharp's recomb.
 */
export const SEPIA_MATRIX: readonly [readonly [number, number, number], readonly [number, number, number], readonly [number, number, number]] = [
  [0.393, 0.769, 0.189],
  [0.349, 0.686, 0.168],
  [0.272, 0.534, 0.131],
];

/**
 * Sepia through libvips' recomb: no per-pixel JavaScript. recomb yields float pixels still labelled
 * sRGB. The JPEG, PNG, WebP, AVIF and GIF encoders round and clamp them to 8 bits themselves; the
 * TIFF encoder would store floats (scRGB), so for TIFF an identity `linear` casts every band (alpha
 * included) back to 8 bits first. Only for TIFF: the extra per-pixel pass is not free (its cost is
 * in bench/RESULTS.md, "Design decisions").
 * @see https://sharp.pixelplumbing.com/api-operation#recomb
 */
export function sepia(img: Sharp, facts: ImageFacts): Sharp {
  const [r, g, b] = SEPIA_MATRIX;
  const toned = img.recomb([
    [r[0], r[1], r[2]],
    [g[0], g[1], g[2]],
    [b[0], b[1], b[2]],
  ]);
  if (facts.output !== 'tiff') return toned;
  const bands = facts.hasAlpha ? 4 : 3;
  return toned.linear(Array<number>(bands).fill(1), Array<number>(bands).fill(0));
}
