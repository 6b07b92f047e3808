import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp, { type Metadata, type Sharp } from 'sharp';
import type { Job, JobResult } from '../core/types';
import { formatFromExtension, type NamedFormat } from '../core/plan';
import { applyOp, optimizeCodingFor } from '../ops';
import type { OutputFormat } from '../ops/types';
import { diagnose } from './diagnose';
import { headerFacts, type InputFacts } from './header';
import { encode } from './encode';
import { asyncFileIO, type FileIO } from './file-io';
import { explain, hasLibvipsDetail, JobFailure, type Stage } from './failure';
import { preflight } from './preflight';
import { firstBytes, READABLE, sniffFormat, type Sniffed } from './sniff';

/** sharp's name for a format → the format `--format keep` writes for it (SVG → PNG). */
function writableFormat(meta: Metadata): OutputFormat | undefined {
  switch (meta.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'gif':
    case 'tiff':
      return meta.format;
    case 'heif':
      return meta.compression === 'av1' ? 'avif' : undefined;
    case 'svg':
      return 'png';
    default:
      return undefined;
  }
}

const SNIFFED_BY_NAME: Readonly<Record<NamedFormat, Sniffed>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  gif: 'GIF',
  tiff: 'TIFF',
  avif: 'AVIF',
  svg: 'SVG',
};

const EXPECTED = 'expected JPEG, PNG, WebP, GIF, TIFF or AVIF';

/** Why content that is not on the allowlist is refused, naming what it is. */
function unreadable(sniffed: Sniffed | undefined, data: Buffer): JobFailure {
  switch (sniffed) {
    case 'HEIC':
      return new JobFailure('UNSUPPORTED_FORMAT', 'HEIC image (HEVC-coded HEIF): the prebuilt sharp (libvips) has no HEVC decoder; convert it to JPEG or AVIF first');
    case 'JPEG 2000':
    case 'JPEG XL':
      return new JobFailure('UNSUPPORTED_FORMAT', `${sniffed} image: the prebuilt sharp (libvips) has no ${sniffed} decoder`);
    case 'text':
      return new JobFailure('UNSUPPORTED_FORMAT', `text, not an image (${EXPECTED})`);
    case undefined:
      return new JobFailure('UNSUPPORTED_FORMAT', `not a recognised image: the content starts with ${firstBytes(data)} (${EXPECTED})`);
    default:
      return new JobFailure('UNSUPPORTED_FORMAT', `${sniffed} file: not a format imgbatch reads (${EXPECTED})`);
  }
}

/** Facts of formats whose headers imgbatch does not read itself (GIF, WebP, TIFF, AVIF, SVG). */
async function factsFromSharp(source: Sharp, data: Buffer): Promise<InputFacts> {
  const meta = await source.metadata();
  if (meta.format === 'heif' && meta.compression !== 'av1') throw unreadable('HEIC', data);
  return { width: meta.width ?? 0, height: meta.height ?? 0, hasAlpha: meta.hasAlpha === true, pages: meta.pages ?? 1, keepAs: writableFormat(meta) };
}

let svgUnblocked = false;
/**
 * The CLI runs with VIPS_BLOCK_UNTRUSTED, which also blocks libvips' SVG loader; with allowSvg the
 * SVG loader alone is unblocked (process-wide, once). Other untrusted loaders stay blocked.
 */
function allowSvgLoader(): void {
  if (svgUnblocked) return;
  sharp.unblock({ operation: ['VipsForeignLoadSvg'] });
  svgUnblocked = true;
}

/**
 * Processes one file: read, decode, apply the op, encode, write atomically. Never throws for a
 * per-file problem: every outcome is a `JobResult`. `io` does the file system calls (see `FileIO`).
 */
export async function processJob(job: Job, io: FileIO = asyncFileIO): Promise<JobResult> {
  const start = performance.now();
  const ms = (): number => Math.round((performance.now() - start) * 10) / 10;
  let bytesIn = 0;
  let stage: Stage = 'read';
  let detected: Sniffed | undefined;
  let data: Buffer | undefined;
  const warnings: string[] = [];
  try {
    if (job.skipExisting && (await io.exists(job.output))) {
      return { status: 'skipped', reason: 'exists', input: job.input, output: null, bytesIn: 0, ms: ms() };
    }
    const read = await io.readInput(job.input);
    if (read.kind === 'not-regular-file') {
      return { status: 'skipped', reason: 'not-regular-file', input: job.input, output: null, bytesIn: 0, ms: ms() };
    }
    bytesIn = read.data.length;
    data = read.data;
    // Only allowlisted formats, recognised by their first bytes, ever reach libvips.
    const sniffed = sniffFormat(read.data);
    if (sniffed === 'SVG' && !job.allowSvg) {
      return { status: 'skipped', reason: 'svg-not-allowed', input: job.input, output: null, bytesIn, ms: ms() };
    }
    if (sniffed === undefined || !READABLE.has(sniffed)) throw unreadable(sniffed, read.data);
    const bomb = preflight(read.data, sniffed, job.maxPixels);
    if (bomb !== undefined) throw bomb;
    if (sniffed === 'SVG') allowSvgLoader();
    detected = sniffed;
    stage = 'decode';
    const source = sharp(read.data, { failOn: 'warning', limitInputPixels: job.maxPixels });
    const facts = headerFacts(read.data, sniffed) ?? (await factsFromSharp(source, read.data));
    const format = job.format ?? facts.keepAs;
    if (format === undefined) {
      throw new JobFailure('UNSUPPORTED_FORMAT', `cannot write ${sniffed} back in its own format; choose one with --format`);
    }
    const named = formatFromExtension(job.input);
    if (named !== undefined && SNIFFED_BY_NAME[named] !== sniffed) {
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
    const pipeline = job.timeoutSeconds > 0 ? shaped.timeout({ seconds: job.timeoutSeconds }) : shaped;
    const buffer = await pipeline.toBuffer({ resolveWithObject: true });
    stage = 'write';
    await io.writeOutput(job.output, buffer.data);
    return {
      status: 'ok',
      input: job.input,
      output: job.output,
      bytesIn,
      bytesOut: buffer.info.size,
      width: buffer.info.width,
      height: buffer.info.height,
      pixelsIn: facts.width * facts.height,
      ms: ms(),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  } catch (caught: unknown) {
    let diagnosis = stage === 'decode' && data !== undefined ? diagnose(data, detected) : undefined;
    let error = caught;
    if (stage === 'decode' && data !== undefined && diagnosis === undefined && !hasLibvipsDetail(caught, detected)) {
      // libvips' error buffer is shared by every thread: another file failing at the same moment
      // can take this file's message. A decode-only pass tells decoding apart from the rest, and
      // usually gets the message back.
      const retry = await sharp(data, { failOn: 'warning', limitInputPixels: job.maxPixels }).raw().toBuffer().then(
        () => undefined,
        (again: unknown) => again,
      );
      if (retry !== undefined) {
        error = retry;
        if (!hasLibvipsDetail(retry, detected)) diagnosis = 'it is corrupt or truncated (libvips gave no details)';
      }
    }
    return {
      status: 'failed',
      input: job.input,
      output: null,
      bytesIn,
      error: explain(error, stage, detected, diagnosis),
      ms: ms(),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }
}

