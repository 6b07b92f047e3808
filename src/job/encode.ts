import type { Sharp } from 'sharp';
import { storesGrey, type OutputFormat } from '../core/formats';

export interface EncodeOptions {
  readonly format: OutputFormat;
  readonly quality: number;
  /** JPEG: optimise the Huffman tables (sharp's `optimiseCoding`). */
  readonly optimizeCoding: boolean;
  /** The op produced grey pixels: store one grey channel where the format can. */
  readonly grey: boolean;
  readonly keepMetadata: boolean;
}

/**
 * The output step shared by every op: 8-bit sRGB (or grey), alpha flattened onto white for JPEG,
 * metadata stripped unless kept, then the format's encoder.
 * @see https://sharp.pixelplumbing.com/api-output
 */
export function encode(img: Sharp, o: EncodeOptions): Sharp {
  let out = o.format === 'jpeg' ? img.flatten({ background: '#ffffff' }) : img;
  out = out.toColourspace(o.grey && storesGrey(o.format) ? 'b-w' : 'srgb');
  if (o.keepMetadata) out = out.keepMetadata();
  switch (o.format) {
    case 'jpeg':
      return out.jpeg({ quality: o.quality, optimiseCoding: o.optimizeCoding });
    case 'png':
      return out.png({ palette: false });
    case 'webp':
      return out.webp({ quality: o.quality });
    case 'avif':
      return out.avif({ quality: o.quality });
    case 'gif':
      return out.gif();
    case 'tiff':
      return out.tiff({ compression: 'deflate' });
    default: {
      const unreachable: never = o.format;
      throw new TypeError(`Expected an output format but received ${String(unreachable)}`);
    }
  }
}
