import type { BuildReason, PrunedOutput } from './build';
import type { ExitCodeValue, JobErrorCode } from './errors';
import type { OutputFormat } from './formats';
import type { Op } from './ops';
import type { PreviewRequest, PreviewWritten } from './preview';
import type { ResolvedOptions } from './options';

/**
 * The identity of a file: device and inode numbers as decimal text (inode numbers can pass 2^53).
 * Two paths with the same identity reach the same file, whatever links lie between.
 */
export interface FileId {
  readonly dev: string;
  readonly ino: string;
}

/** One file found by discovery, with the root its output path is relative to. */
export interface Discovered {
  /**
   * Absolute path of the input file, as found (through any links). Bytes of a name that are not
   * valid UTF-8 are held as lone surrogates U+DC80–U+DCFF (see `core/names`).
   */
  readonly input: string;
  /** The real path that discovery resolved and that is opened (when it differs from `input`). */
  readonly source?: string;
  /** The file discovery saw: processing reads it only if the opened file is still this one. */
  readonly id?: FileId;
  /** Its size in bytes when discovery saw it (with `id`). */
  readonly bytes?: number;
  /** Folder of the input relative to its argument's root ('' for a file argument). */
  readonly rel: string;
  /** The command-line argument (or library input) that found it. */
  readonly argument: string;
  /** Set when the entry must not be processed, with the reason it is skipped. */
  readonly skip?: SkipReason;
  /** Set when the entry cannot be processed (unreadable folder, dangling link, loop). */
  readonly failure?: JobError;
}

/**
 * Why a file was skipped (exit code stays 0):
 * - `exists`: the output exists and `skipExisting` is on;
 * - `interrupted`: not started before an interrupt;
 * - `not-regular-file`: a FIFO, socket or device named like an image (never opened);
 * - `outside-input-root`: a symbolic link whose target leaves the argument's folder;
 * - `svg-not-allowed`: SVG content without `allowSvg`;
 * - `duplicate`: a symbolic link to a file that is processed through another path;
 * - `inside-output-root`: the file lies inside the output folder (or the report's previews folder), whose files are never inputs;
 * - `changed-during-run`: the file at the input's path is no longer the one discovery found (it
 *   was replaced, or swapped for a link): it is not read;
 * - `unchanged`: with `incremental`, the input, its settings and its outputs are as the state
 *   recorded them: nothing to do (the input is not decoded).
 */
export type SkipReason =
  | 'exists'
  | 'interrupted'
  | 'not-regular-file'
  | 'outside-input-root'
  | 'svg-not-allowed'
  | 'duplicate'
  | 'inside-output-root'
  | 'changed-during-run'
  | 'unchanged';

/**
 * The batch options every job carries to its worker, by name: their types, ranges and meaning are
 * the options' own (`BATCH_OPTION_SPECS`); `planJobs` copies them.
 */
export const JOB_SETTING_KEYS = [
  'optimizeCoding',
  'keepMetadata',
  'maxPixels',
  'skipExisting',
  'allowSvg',
] as const satisfies readonly (keyof ResolvedOptions)[];
export type JobSettings = Pick<ResolvedOptions, (typeof JOB_SETTING_KEYS)[number]>;

/** One file a job writes: its ops, format and encoder settings, and where it goes. */
export interface JobOutput {
  /** Absolute output path, inside the job's `outputRoot`. */
  readonly path: string;
  /** Applied in order to the decoded (EXIF-oriented) image. */
  readonly ops: readonly Op[];
  /** Format to write; null: the input's own (detected) format, for a name with no image extension. */
  readonly format: OutputFormat | null;
  /** Encoder quality for JPEG, WebP and AVIF (1–100). */
  readonly quality: number;
}

/**
 * One unit of work: one input and the outputs made from it, from one decode. Plain data, safe to
 * send to a worker thread.
 */
export interface Job extends JobSettings {
  readonly id: number;
  /** The input as found (see `Discovered.input`); what records name. */
  readonly input: string;
  /** The path opened to read the input (default: `input`): the real path discovery resolved. */
  readonly source?: string;
  /** When set, the opened input must be this file, else the job is skipped (`changed-during-run`). */
  readonly sourceId?: FileId;
  /** The input's size when discovery saw it: a small input may share a worker thread (a hint only). */
  readonly bytes?: number;
  /** What to write: every output is made from one decode of the input. Empty for a probe. */
  readonly outputs: readonly JobOutput[];
  /**
   * A probe: read the input's facts (its size as shown, after EXIF orientation) and write nothing,
   * so that planning can name outputs by their size. `hash`: also the content's hash (`{hash}`).
   */
  readonly probe?: { readonly hash: boolean };
  /**
   * The real (link-free) output folder. Folders between it and an output are created and entered
   * only as real folders, never through a symbolic link. Default: each output's own folder.
   */
  readonly outputRoot?: string;
  /** sharp's pipeline timeout in seconds (0: none; the `timeout` option); a file re-run after a stop gets what is left of it. */
  readonly timeoutSeconds: number;
  /** Also return the hash of the content read (`OkResult.hash`): an incremental run records it. */
  readonly hashContent?: boolean;
  /** With `report`: write small before/after previews for it (see `core/preview`). */
  readonly preview?: PreviewRequest;
}

export interface JobError {
  /** Stable, machine-readable: `DECODE_FAILED`, `UNSUPPORTED_FORMAT`, `PERMISSION_DENIED`, … */
  readonly code: JobErrorCode;
  /** One sentence naming the cause. */
  readonly message: string;
}

/** One file written. */
export interface OutputResult {
  readonly path: string;
  readonly format: OutputFormat;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  /** Time spent on this output alone (its ops, encoder and write), in ms. */
  readonly ms: number;
  /** The width asked for is above the source's: the output has the source's own width (never enlarged). */
  readonly atSourceWidth?: boolean;
}

interface ResultBase {
  readonly input: string;
  /** Bytes of the input file (0 when it could not be read). */
  readonly bytesIn: number;
  /** Wall time spent on this file in ms. */
  readonly ms: number;
  /** The files written for this input, in the job's order (for a failed input, those that succeeded). */
  readonly outputs: readonly OutputResult[];
  /** With `incremental`: why this input was built (absent when it was not). */
  readonly build?: BuildReason;
  /** The report previews written for this input (with `Job.preview`); not in NDJSON records. */
  readonly preview?: PreviewWritten;
}

export interface OkResult extends ResultBase {
  readonly status: 'ok';
  /** Bytes of every output together. */
  readonly bytesOut: number;
  /** The input's width and height as shown (after EXIF orientation). */
  readonly width: number;
  readonly height: number;
  /** Pixels decoded from the input (for megapixels/s). */
  readonly pixelsIn: number;
  /** The SHA-256 of the input's content (hex), for a probe that asks and a job with `hashContent`. */
  readonly hash?: string;
  readonly warnings?: readonly string[];
}

export interface FailedResult extends ResultBase {
  readonly status: 'failed';
  readonly error: JobError;
  /** The input's size as shown, when it was read before the failure. */
  readonly width?: number;
  readonly height?: number;
  readonly warnings?: readonly string[];
}

export interface SkippedResult extends ResultBase {
  readonly status: 'skipped';
  readonly reason: SkipReason;
  /** With reason `unchanged`: the input's size and the outputs kept from the build that made them. */
  readonly kept?: { readonly width: number; readonly height: number; readonly outputs: readonly OutputResult[] };
}

/** What happened to one file. A bad file is a result, never an exception. */
export type JobResult = OkResult | FailedResult | SkippedResult;

/** Runs jobs: a worker pool, or in-process for tests and debugging. */
export interface JobRunner {
  /** How many jobs it usefully runs at once; the orchestrator keeps this many in flight. */
  readonly capacity: number;
  run(job: Job): Promise<JobResult>;
  /** Waits for running jobs, then releases the runner. */
  close(): Promise<void>;
  /** Stops running jobs at once (their `run` promises reject); optional. */
  terminate?(): Promise<void>;
  /**
   * An interrupt came: jobs accepted but not started yet resolve as skipped (`interrupted`), jobs
   * running go on; optional (a runner that starts every job it accepts has nothing to drain).
   */
  drain?(): void;
  /**
   * Starts what takes long to start (a worker process) without starting worker threads, so that
   * it overlaps the caller's discovery and planning; optional.
   */
  prepare?(): void;
  /**
   * Starts `threads` worker threads now, before the first job (at most its capacity; without it,
   * the first job starts them at full capacity); optional. `files`: how many jobs will follow, when
   * known (a runner may run a single file without starting a thread for it). `small`: most of
   * those files are small (see `mostlySmall`), so per-file costs outweigh the pixel work.
   */
  start?(threads?: number, files?: number, small?: boolean): void;
}

export interface Summary {
  /** Inputs reported, and how each ended. */
  readonly total: number;
  readonly ok: number;
  readonly failed: number;
  readonly skipped: number;
  /** Files written (every output of every input). */
  readonly outputs: number;
  /** When the run started and ended (ISO 8601, UTC), so reports of several runs can be merged. */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly wallMs: number;
  readonly filesPerSec: number;
  readonly megapixelsPerSec: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** MB (10^6 bytes) read per second. */
  readonly mbPerSec: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** Average number of files in flight: sum of per-file times ÷ wall time. */
  readonly avgInFlight: number;
  readonly interrupted: boolean;
  readonly exitCode: ExitCodeValue;
}

export interface BatchReport {
  readonly results: readonly JobResult[];
  readonly summary: Summary;
  /** With `prune`: the outputs removed (or kept, saying why). */
  readonly pruned?: readonly PrunedOutput[];
}
