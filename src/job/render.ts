import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import type { Job, JobOutput } from '../core/types';
import { contentOf, formatFromExtension, keptFormatOfSharp, type OutputFormat } from '../core/formats';
import { applyFirstOp, applyOp, makesGrey, optimizeCodingFor, sourceScale, type PixelsFrom } from '../ops';
import { unreadable } from './content';
import { encode } from './encode';
import { JobFailure } from './failure';
import { headerFacts, shownSizeOf, type InputFacts } from './header';
import type { OpenedInput } from './input';
import type { Sniffed } from './sniff';

/** Facts of formats whose headers imgbatch does not read itself (GIF, WebP, TIFF, AVIF, SVG). */
async function factsFromSharp(source: Sharp, head: Buffer): Promise<InputFacts> {
  const meta = await source.metadata();
  if (meta.format === 'heif' && meta.compression !== 'av1') throw unreadable('HEIC', head);
  // sharp types width, height and hasAlpha as always set; the fallbacks stay in case libvips leaves one out.
  /* eslint-disable @typescript-eslint/no-unnecessary-condition, @typescript-eslint/no-unnecessary-boolean-literal-compare */
  return {
    width: meta.width ?? 0,
    height: meta.height ?? 0,
    hasAlpha: meta.hasAlpha === true,
    pages: meta.pages ?? 1,
    keepAs: keptFormatOfSharp(meta.format, meta.compression),
    orientation: meta.orientation ?? 1,
  };
  /* eslint-enable @typescript-eslint/no-unnecessary-condition, @typescript-eslint/no-unnecessary-boolean-literal-compare */
}

/** The decoder for one input: from memory, or from the descriptor the input holds open. */
export function decoder(job: Job, input: OpenedInput): Sharp {
  return sharp(input.source, { failOn: 'warning', limitInputPixels: job.maxPixels });
}

/** The input, opened and admitted, with what is known of it before any pixel is decoded. */
export interface Source {
  readonly job: Job;
  readonly input: OpenedInput;
  readonly sniffed: Sniffed;
  readonly facts: InputFacts;
  /** Seconds the job may still take (0: no limit). */
  readonly secondsLeft: () => number;
}

/** Reads the header facts and notes what the record should say about the input itself. */
export async function inputFacts(job: Job, input: OpenedInput, sniffed: Sniffed, warnings: string[]): Promise<InputFacts> {
  const facts = headerFacts(input.head, sniffed) ?? (await factsFromSharp(decoder(job, input), input.head));
  const named = formatFromExtension(job.input);
  if (named !== undefined && contentOf(named) !== sniffed) {
    warnings.push(`the content is ${sniffed} although the name says .${path.extname(job.input).slice(1)}`);
  }
  if (facts.pages > 1) warnings.push(`${facts.pages} frames or pages: only the first was written`);
  return facts;
}

/** The format an output is written in: its own, or the input's (`keep`). */
export function formatOf(out: JobOutput, s: Source): OutputFormat {
  const format = out.format ?? s.facts.keepAs;
  if (format === undefined) {
    throw new JobFailure('UNSUPPORTED_FORMAT', `cannot write ${s.sniffed} back in its own format; choose one with --format`);
  }
  return format;
}

export interface Rendered {
  readonly data: Buffer;
  readonly info: OutputInfo;
  readonly format: OutputFormat;
}

/** Raw pixels of one decode, shared by several outputs. */
export interface Decoded {
  readonly data: Buffer;
  readonly info: OutputInfo;
  readonly shared: PixelsFrom;
}

/** A pipeline over raw pixels as sharp gave them. */
export const fromRaw = (data: Buffer, info: OutputInfo): Sharp => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });

/**
 * One decode for every output: the EXIF-oriented pixels at the smallest scale that still serves
 * the output that needs the most (JPEG and WebP shrink while they load), as raw pixels.
 */
export async function decodeOnce(s: Source): Promise<Decoded> {
  const shown = shownSizeOf(s.facts);
  const scale = Math.max(...s.job.outputs.map((out) => sourceScale(out.ops, shown.width, shown.height)));
  let img = decoder(s.job, s.input).autoOrient();
  if (scale < 1) {
    img = img.resize({ width: Math.max(1, Math.round(shown.width * scale)), height: Math.max(1, Math.round(shown.height * scale)), fit: 'fill' });
  }
  const { data, info } = await limited(img.raw(), s).toBuffer({ resolveWithObject: true });
  return { data, info, shared: { source: shown, base: { width: info.width, height: info.height } } };
}

/**
 * One output: its ops (each op after the first starts from the raw pixels of the one before, as
 * sharp runs one resize per pipeline), then its encoder. From the shared decode when there is one,
 * else straight from the input (one decode, shrinking on load).
 */
export async function renderOutput(s: Source, out: JobOutput, decoded: Decoded | undefined): Promise<Rendered> {
  const format = formatOf(out, s);
  // JPEG output flattens alpha before the op's bands are counted (sharp's pipeline order).
  const facts = { hasAlpha: s.facts.hasAlpha && format !== 'jpeg', output: format };
  let img = decoded === undefined ? decoder(s.job, s.input).autoOrient() : fromRaw(decoded.data, decoded.info);
  const shown = shownSizeOf(s.facts);
  const from = decoded?.shared ?? { source: shown, base: shown };
  for (const [i, op] of out.ops.entries()) {
    if (i > 0) {
      const stage = await limited(img.raw(), s).toBuffer({ resolveWithObject: true });
      img = fromRaw(stage.data, stage.info);
    }
    img = i === 0 ? applyFirstOp(img, op, facts, from) : applyOp(img, op, facts);
  }
  const { optimizeCoding } = s.job;
  const shaped = encode(img, {
    format,
    quality: out.quality,
    optimizeCoding: optimizeCoding === 'auto' ? optimizeCodingFor(out.ops, s.facts.width, s.facts.height) : optimizeCoding,
    grey: makesGrey(out.ops),
    keepMetadata: s.job.keepMetadata,
  });
  const { data, info } = await limited(shaped, s).toBuffer({ resolveWithObject: true });
  return { data, info, format };
}

/**
 * sharp's clock is wall time, stops included: the runner (stopAwareTimeouts) gives a file it
 * stopped for time spent stopped the rest of its limit, through a smaller timeoutSeconds; each
 * pipeline of a job gets what the job has left.
 */
function limited(img: Sharp, s: Source): Sharp {
  const seconds = s.secondsLeft();
  return seconds > 0 ? img.timeout({ seconds }) : img;
}

/** A clock for a job's limit: the seconds it has left, at least 1 while it has a limit. */
export function secondsLeftOf(job: Job, start: number): () => number {
  if (job.timeoutSeconds <= 0) return () => 0;
  return () => Math.max(1, Math.ceil(job.timeoutSeconds - (performance.now() - start) / 1000));
}
