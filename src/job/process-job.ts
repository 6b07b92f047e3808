import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { failedResult, skippedResult } from '../core/results';
import type { Job, JobError, JobOutput, JobResult, OutputResult, SkipReason } from '../core/types';
import { keepsSourceSize } from '../ops';
import { admit } from './content';
import { diagnose } from './diagnose';
import { asyncFileIO, type FileIO } from './file-io';
import { explain, hasLibvipsDetail, type Stage } from './failure';
import { shownSizeOf, type InputFacts } from './header';
import type { OpenedInput } from './input';
import { decodeOnce, decoder, inputFacts, renderOutput, secondsLeftOf, type Decoded, type Source } from './render';
import type { Sniffed } from './sniff';
import { previewField, writeAfter, writeBefore } from './preview';
import type { PreviewWritten } from '../core/preview';

/** How far one job got: what a failure is explained by. */
interface Progress {
  stage: Stage;
  detected?: Sniffed;
  input?: OpenedInput;
  facts?: InputFacts;
  readonly warnings: string[];
}

/**
 * The stages of a job, as parameters so that a test can watch them: `decode` runs once per job
 * with several outputs (never per output), `render` once per output.
 */
export interface Stages {
  readonly decode: (s: Source) => Promise<Decoded>;
  readonly render: typeof renderOutput;
}

export const STAGES: Stages = { decode: decodeOnce, render: renderOutput };

const skipped = (job: Job, reason: SkipReason, bytesIn: number, ms: number): JobResult => skippedResult(job.input, reason, { bytesIn, ms });

/** The outputs still to make: with `skipExisting`, those that do not exist yet. */
async function pending(job: Job, io: FileIO): Promise<readonly JobOutput[]> {
  if (!job.skipExisting) return job.outputs;
  const exists = await Promise.all(job.outputs.map((out) => io.exists(out.path)));
  return job.outputs.filter((_out, i) => exists[i] !== true);
}

/**
 * Processes one input: read, admit, decode once, then for each output its ops, encoder and atomic
 * write. Never throws for a per-file problem: every outcome is a `JobResult`; an output that fails
 * fails its input, with the outputs that were written listed. `io` does the file system calls.
 */
export async function processJob(job: Job, io: FileIO = asyncFileIO, stages: Stages = STAGES): Promise<JobResult> {
  const start = performance.now();
  const ms = (): number => Math.round((performance.now() - start) * 10) / 10;
  const run: Progress = { stage: 'read', warnings: [] };
  const noted = (): { warnings?: string[] } => (run.warnings.length > 0 ? { warnings: run.warnings } : {});
  try {
    const todo = await pending(job, io);
    if (job.probe === undefined && todo.length === 0) return skipped(job, 'exists', 0, ms());
    const read = await io.readInput(job);
    if (read.kind !== 'file') return skipped(job, read.kind === 'changed' ? 'changed-during-run' : 'not-regular-file', 0, ms());
    run.input = read.input;
    const sniffed = admit(job, read.input);
    if (sniffed === 'svg-not-allowed') return skipped(job, 'svg-not-allowed', read.input.size, ms());
    run.detected = sniffed;
    run.stage = 'decode';
    run.facts = await inputFacts(job, read.input, sniffed, run.warnings);
    if (job.probe !== undefined) return await probe(job, read.input, run.facts, ms);
    const source: Source = { job: { ...job, outputs: todo }, input: read.input, sniffed, facts: run.facts, secondsLeft: secondsLeftOf(job, start) };
    const made = await makeOutputs(source, io, run, stages);
    const bytesIn = read.input.size;
    const size = shownSizeOf(run.facts);
    const preview = made.preview === undefined ? {} : { preview: made.preview };
    if (made.error !== undefined) {
      return { ...failedResult(job.input, made.error, { bytesIn, ms: ms(), warnings: run.warnings, outputs: made.outputs, size }), ...preview };
    }
    const bytesOut = made.outputs.reduce((n, o) => n + o.bytes, 0);
    const pixelsIn = run.facts.width * run.facts.height;
    const hash = job.hashContent === true ? { hash: await contentHash(read.input) } : {};
    return { status: 'ok', input: job.input, ...size, bytesIn, bytesOut, pixelsIn, ms: ms(), outputs: made.outputs, ...hash, ...noted(), ...preview };
  } catch (caught: unknown) {
    const error = await explainFailure(caught, job, run);
    return failedResult(job.input, error, { bytesIn: run.input?.size ?? 0, ms: ms(), warnings: run.warnings });
  } finally {
    // The descriptor is held until here: sharp may have been reading the input through it.
    await run.input?.close().catch(() => undefined);
  }
}

/** What making a job's outputs gave: the files written, the first failure, the report's previews. */
interface Made {
  readonly outputs: OutputResult[];
  readonly error?: JobError;
  readonly preview?: PreviewWritten;
}

/**
 * Every output of the job, each written as soon as it is encoded; the first failure is kept. With
 * a preview asked for, the "before" comes from the shared decode and the "after" from the first
 * output's bytes (see `preview.ts`).
 */
async function makeOutputs(s: Source, io: FileIO, run: Progress, stages: Stages): Promise<Made> {
  const { outputs, preview: asked } = s.job;
  // Metadata does not survive raw pixels: with keepMetadata each output decodes the input itself.
  const decoded = (outputs.length > 1 || asked !== undefined) && !s.job.keepMetadata ? await stages.decode(s) : undefined;
  const before = asked === undefined ? undefined : await writeBefore(io, asked, decoded ?? (() => decoder(s.job, s.input).autoOrient()));
  let after: Promise<string | undefined> | undefined;
  const done: OutputResult[] = [];
  let error: JobError | undefined;
  for (const out of outputs) {
    const began = performance.now();
    let stage: Stage = 'decode';
    try {
      const rendered = await stages.render(s, out, decoded);
      stage = 'write';
      await io.writeOutput({ output: out.path, ...(s.job.outputRoot === undefined ? {} : { outputRoot: s.job.outputRoot }) }, rendered.data);
      if (asked !== undefined) after ??= writeAfter(io, asked, rendered.data);
      const { width, height, size } = rendered.info;
      const ms = Math.round((performance.now() - began) * 10) / 10;
      const shown = shownSizeOf(s.facts);
      const atSource = keepsSourceSize(out.ops, shown.width, shown.height) ? { atSourceWidth: true } : {};
      done.push({ path: out.path, format: rendered.format, width, height, bytes: size, ms, ...atSource });
    } catch (caught: unknown) {
      const explained = await explainFailure(caught, s.job, { ...run, stage });
      const named = outputs.length > 1 ? { ...explained, message: `${path.basename(out.path)}: ${explained.message}` } : explained;
      error ??= named;
    }
  }
  return { outputs: done, ...(error === undefined ? {} : { error }), ...previewField(before, await after) };
}

/** A probe: the input's size as shown (and its content's hash, when asked), nothing written. */
async function probe(job: Job, input: OpenedInput, facts: InputFacts, ms: () => number): Promise<JobResult> {
  const size = shownSizeOf(facts);
  const hash = job.probe?.hash === true ? { hash: await contentHash(input) } : {};
  return { status: 'ok', input: job.input, ...size, bytesIn: input.size, bytesOut: 0, pixelsIn: 0, ms: ms(), outputs: [], ...hash };
}

/** SHA-256 of the whole content, in hex: from memory, or read through the input's descriptor. */
async function contentHash(input: OpenedInput): Promise<string> {
  const hash = createHash('sha256');
  const { source } = input;
  if (typeof source !== 'string') return hash.update(source).digest('hex');
  const stream: AsyncIterable<Buffer> = fs.createReadStream(source);
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest('hex');
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
