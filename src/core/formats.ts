import path from 'node:path';
import type { OutputFormat } from './ops';

/**
 * Formats by name: what an input's extension says it is, and the extension each output format
 * gets. Pure: no I/O.
 */

/** What an input's extension says it is. */
export type NamedFormat = OutputFormat | 'svg';

const FORMAT_BY_EXTENSION: Readonly<Record<string, NamedFormat>> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  gif: 'gif',
  tif: 'tiff',
  tiff: 'tiff',
  svg: 'svg',
};

/** Extension written when the format changes. */
export const EXTENSION_BY_FORMAT: Readonly<Record<OutputFormat, string>> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  gif: 'gif',
  tiff: 'tiff',
};

/** The format an input's extension names (`.JPG` → jpeg), if any. */
export function formatFromExtension(file: string): NamedFormat | undefined {
  return FORMAT_BY_EXTENSION[path.extname(file).slice(1).toLowerCase()];
}

/** What `--format keep` writes for a named format: itself, except SVG (no SVG encoder) → PNG. */
export function keptFormat(named: NamedFormat | undefined): OutputFormat | undefined {
  return named === 'svg' ? 'png' : named;
}
