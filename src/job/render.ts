import path from 'node:path';
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import type { Job } from '../core/types';
import { contentOf, formatFromExtension, keptFormatOfSharp } from '../core/formats';
import { applyOp, optimizeCodingFor } from '../ops';
import { unreadable } from './content';
import { encode } from './encode';
import { JobFailure } from './failure';
import { headerFacts, type InputFacts } from './header';
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
  };
  /* eslint-enable @typescript-eslint/no-unnecessary-condition, @typescript-eslint/no-unnecessary-boolean-literal-compare */
}

/** The decoder for one input: from memory, or from the descriptor the input holds open. */
export function decoder(job: Job, input: OpenedInput): Sharp {
  return sharp(input.source, { failOn: 'warning', limitInputPixels: job.maxPixels });
}

export interface Rendered {
  readonly data: Buffer;
  readonly info: OutputInfo;
  readonly facts: InputFacts;
}

/** One decode, the op, the encoder: the output's bytes. Notes for the record go to `warnings`. */
export async function render(job: Job, input: OpenedInput, sniffed: Sniffed, warnings: string[]): Promise<Rendered> {
  const source = decoder(job, input);
  const facts = headerFacts(input.head, sniffed) ?? (await factsFromSharp(source, input.head));
  const format = job.format ?? facts.keepAs;
  if (format === undefined) {
    throw new JobFailure('UNSUPPORTED_FORMAT', `cannot write ${sniffed} back in its own format; choose one with --format`);
  }
  const named = formatFromExtension(job.input);
  if (named !== undefined && contentOf(named) !== sniffed) {
    warnings.push(`the content is ${sniffed} although the name says .${path.extname(job.input).slice(1)}`);
  }
  if (facts.pages > 1) {
    warnings.push(`${facts.pages} frames or pages: only the first was written`);
  }
  // JPEG output flattens alpha before the op's bands are counted (sharp's pipeline order).
  const shaped = encode(applyOp(source.autoOrient(), job.op, { hasAlpha: facts.hasAlpha && format !== 'jpeg', output: format }), {
    format,
    quality: job.quality,
    optimizeCoding: job.optimizeCoding === 'auto' ? optimizeCodingFor(job.op, facts.width, facts.height) : job.optimizeCoding,
    grey: job.op.kind === 'grayscale',
    keepMetadata: job.keepMetadata,
  });
  // sharp's clock is wall time, stops included: the runner (stopAwareTimeouts) gives a file it
  // stopped for time spent stopped the rest of its limit, through a smaller timeoutSeconds.
  const pipeline = job.timeoutSeconds > 0 ? shaped.timeout({ seconds: job.timeoutSeconds }) : shaped;
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return { data, info, facts };
}
