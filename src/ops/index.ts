export * from '../core/ops';
export { resize, DEFAULT_RESIZE_BOX } from './resize';
export { grayscale } from './grayscale';
export { sepia, SEPIA_MATRIX } from './sepia';
export { thumbnail } from './thumbnail';
export { DEFAULT_THUMBNAIL_SIZE } from '../core/ops';
export {
  keepsSourceSize,
  makesGrey,
  optimizeCodingFor,
  outputPixels,
  outputSize,
  requestedWidth,
  sizeAfter,
  sourceScale,
  withoutRequestedWidth,
  type Size,
} from './geometry';
export { applyOp } from './apply';
export { applyFirstOp, type PixelsFrom } from './chain';
