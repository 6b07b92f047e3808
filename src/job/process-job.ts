import { performance } from 'node:perf_hooks';
import { failedResult, skippedResult } from '../core/results';
import type { Job, JobError, JobResult, SkipReason } from '../core/types';
import { admit } from './content';
import { diagnose } from './diagnose';
import { asyncFileIO, type FileIO } from './file-io';
import { explain, hasLibvipsDetail, type Stage } from './failure';
import type { OpenedInput } from './input';
import { decoder, render } from './render';
import type { Sniffed } from './sniff';

/** How far one job got: what a failure is explained by. */
interface Progress {
  stage: Stage;
  detected?: Sniffed;
  input?: OpenedInput;
  readonly warnings: string[];
}

const skipped = (job: Job, reason: SkipReason, bytesIn: number, ms: number): JobResult => skippedResult(job.input, reason, { bytesIn, ms });

/**
 * Processes one file: read, decode, apply the op, encode, write atomically. Never throws for a
 * per-file problem: every outcome is a `JobResult`. `io` does the file system calls (see `FileIO`).
 */
export async function processJob(job: Job, io: FileIO = asyncFileIO): Promise<JobResult> {
  const start = performance.now();
  const ms = (): number => Math.round((performance.now() - start) * 10) / 10;
  const run: Progress = { stage: 'read', warnings: [] };
  const noted = (): { warnings?: string[] } => (run.warnings.length > 0 ? { warnings: run.warnings } : {});
  try {
    if (job.skipExisting && (await io.exists(job.output))) return skipped(job, 'exists', 0, ms());
    const read = await io.readInput(job);
    if (read.kind !== 'file') return skipped(job, read.kind === 'changed' ? 'changed-during-run' : 'not-regular-file', 0, ms());
    run.input = read.input;
    const sniffed = admit(job, read.input);
    if (sniffed === 'svg-not-allowed') return skipped(job, 'svg-not-allowed', read.input.size, ms());
    run.detected = sniffed;
    run.stage = 'decode';
    const out = await render(job, read.input, sniffed, run.warnings);
    run.stage = 'write';
    await io.writeOutput(job, out.data);
    const { width, height, size } = out.info;
    const pixelsIn = out.facts.width * out.facts.height;
    return { status: 'ok', input: job.input, output: job.output, bytesIn: read.input.size, bytesOut: size, width, height, pixelsIn, ms: ms(), ...noted() };
  } catch (caught: unknown) {
    const error = await explainFailure(caught, job, run);
    return failedResult(job.input, error, { bytesIn: run.input?.size ?? 0, ms: ms(), warnings: run.warnings });
  } finally {
    // The descriptor is held until here: sharp may have been reading the input through it.
    await run.input?.close().catch(() => undefined);
  }
}

/** The record's error: from the file's own bytes when they tell, else from libvips' words. */
async function explainFailure(caught: unknown, job: Job, run: Progress): Promise<JobError> {
  const { stage, detected, input } = run;
  if (stage !== 'decode' || input === undefined) return explain(caught, stage, detected);
  // A structural diagnosis needs the whole file: a large one read only in part gets none.
  let diagnosis = input.data === undefined ? undefined : diagnose(input.data, detected);
  let error = caught;
  if (diagnosis === undefined && !hasLibvipsDetail(caught, detected)) {
    // libvips' error buffer is shared by every thread: another file failing at the same moment
    // can take this file's message. A decode-only pass tells decoding apart from the rest, and
    // usually gets the message back.
    const retry = await decoder(job, input)
      .raw()
      .toBuffer()
      .then(
        () => undefined,
        (again: unknown) => again,
      );
    if (retry !== undefined) {
      error = retry;
      if (!hasLibvipsDetail(retry, detected)) diagnosis = 'it is corrupt or truncated (libvips gave no details)';
    }
  }
  return explain(error, stage, detected, diagnosis);
}
