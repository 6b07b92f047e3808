import type { Sharp } from 'sharp';

/**
 * Greyscale (luminance of the sRGB image). The encoder step decides whether the result is stored as
 * one grey channel or three equal ones (see `encode.ts`).
 * @see https://sharp.pixelplumbing.com/api-colour#greyscale
 */
export function grayscale(img: Sharp): Sharp {
  return img.grayscale();
}
