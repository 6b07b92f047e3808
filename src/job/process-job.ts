import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp, { type Metadata } from 'sharp';
import type { Job, JobResult } from '../core/types';
import { formatFromExtension } from '../core/plan';
import { applyOp } from '../ops';
import type { OutputFormat } from '../ops/types';
import { writeAtomically } from './atomic';
import { encode } from './encode';
import { explain, JobFailure, type Stage } from './failure';
import { readRegularFile } from './read-input';

/** sharp's name for a format → the format imgbatch writes for it. */
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
    default:
      return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.promises.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Processes one file: read, decode, apply the op, encode, write atomically. Never throws for a
 * per-file problem: every outcome is a `JobResult`.
 */
export async function processJob(job: Job): Promise<JobResult> {
  const start = performance.now();
  const ms = (): number => Math.round((performance.now() - start) * 10) / 10;
  let bytesIn = 0;
  let stage: Stage = 'read';
  let detected: string | undefined;
  const warnings: string[] = [];
  try {
    if (job.skipExisting && (await exists(job.output))) {
      return { status: 'skipped', reason: 'exists', input: job.input, output: null, bytesIn: 0, ms: ms() };
    }
    const read = await readRegularFile(job.input);
    if (read.kind === 'not-regular-file') {
      return { status: 'skipped', reason: 'not-regular-file', input: job.input, output: null, bytesIn: 0, ms: ms() };
    }
    bytesIn = read.data.length;
    stage = 'decode';
    const source = sharp(read.data, { failOn: 'warning', limitInputPixels: job.maxPixels });
    const meta = await source.metadata();
    detected = meta.format;
    const contentFormat = writableFormat(meta);
    const format = job.format ?? contentFormat;
    if (format === undefined) {
      throw new JobFailure(
        'UNSUPPORTED_FORMAT',
        `cannot write ${String(meta.format).toUpperCase()} back in its own format; choose one with --format`,
      );
    }
    const named = formatFromExtension(job.input);
    if (named !== undefined && contentFormat !== named) {
      warnings.push(
        `the content is ${String(meta.format).toUpperCase()} although the name says .${path.extname(job.input).slice(1)}`,
      );
    }
    if ((meta.pages ?? 1) > 1) {
      warnings.push(`${meta.pages ?? 1} frames or pages: only the first was written`);
    }
    const pipeline = encode(applyOp(source.autoOrient(), job.op), {
      format,
      quality: job.quality,
      grey: job.op.kind === 'grayscale',
      keepMetadata: job.keepMetadata,
    });
    const buffer = await pipeline.toBuffer({ resolveWithObject: true });
    stage = 'write';
    await writeAtomically(job.output, (temp) => fs.promises.writeFile(temp, buffer.data, { flag: 'wx' }));
    return {
      status: 'ok',
      input: job.input,
      output: job.output,
      bytesIn,
      bytesOut: buffer.info.size,
      width: buffer.info.width,
      height: buffer.info.height,
      pixelsIn: (meta.width ?? 0) * (meta.height ?? 0),
      ms: ms(),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  } catch (error: unknown) {
    return {
      status: 'failed',
      input: job.input,
      output: null,
      bytesIn,
      error: explain(error, stage, detected),
      ms: ms(),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }
}

