import type { OutputFormat } from './formats';

/** A resize: fit inside width × height (either may be omitted), never enlarging. */
export interface ResizeOp {
  readonly op: 'resize';
  /** Target width in pixels; omitted: follows the aspect ratio. */
  readonly width?: number;
  /** Target height in pixels; omitted: follows the aspect ratio. */
  readonly height?: number;
}

/** Greyscale: one grey channel where the output format can store it. */
export interface GrayscaleOp {
  readonly op: 'grayscale';
}

/** The classic sepia matrix, applied by libvips' recomb. */
export interface SepiaOp {
  readonly op: 'sepia';
}

/** The largest centred square, scaled to exactly size × size. */
export interface ThumbnailOp {
  readonly op: 'thumbnail';
  readonly size: number;
}

/** Operations are plain data: they cross worker threads by structured clone. */
export type Op = ResizeOp | GrayscaleOp | SepiaOp | ThumbnailOp;
export type OpKind = Op['op'];

/** Every op kind once (a record, so that a kind added to `Op` must be added here too). */
const KIND_SET: Readonly<Record<OpKind, true>> = { resize: true, grayscale: true, sepia: true, thumbnail: true };
export const OP_KINDS = Object.keys(KIND_SET) as readonly OpKind[];

/** `resize, grayscale, sepia or thumbnail`: the kinds in words, for messages. */
export function opKindsInWords(): string {
  return `${OP_KINDS.slice(0, -1).join(', ')} or ${OP_KINDS.at(-1) ?? ''}`;
}

/** The CLI's commands (`filter` takes one of `FILTER_KINDS`); named here so hints below the CLI can use them. */
export const COMMAND_NAMES = ['resize', 'filter', 'thumbnail', 'run'] as const;

/** Default thumbnail edge in pixels. */
export const DEFAULT_THUMBNAIL_SIZE = 150;

/** The ops the `filter` command names: one declaration for its choices and for hints. */
export const FILTER_KINDS = ['grayscale', 'sepia'] as const satisfies readonly OpKind[];

/** What an op may need to know about its input (read from the header before the pipeline runs). */
export interface ImageFacts {
  /** An alpha channel reaches the op (false when JPEG output flattens it first). */
  readonly hasAlpha: boolean;
  /** The format the result is written in. */
  readonly output: OutputFormat;
}

/** Formats imgbatch writes. */
