import type { JobErrorCode } from './errors';
import type { FailedResult, JobError, OutputResult, SkippedResult, SkipReason } from './types';

/** What a failed result may carry besides its error. */
export interface FailedMore {
  readonly bytesIn?: number;
  readonly ms?: number;
  readonly warnings?: readonly string[];
  /** Outputs of this input that were written before (or beside) the one that failed. */
  readonly outputs?: readonly OutputResult[];
  /** The input's size as shown, when it was read. */
  readonly size?: { readonly width: number; readonly height: number };
}

/**
 * The one place that builds `failed` and `skipped` results. `bytesIn` and `ms` default to 0: the
 * file was not read, or no time was spent on it; `outputs` to none.
 */
export function failedResult(input: string, error: JobError, more: FailedMore = {}): FailedResult {
  const warnings = more.warnings !== undefined && more.warnings.length > 0 ? { warnings: more.warnings } : {};
  const size = more.size === undefined ? {} : { width: more.size.width, height: more.size.height };
  return { status: 'failed', input, ...size, bytesIn: more.bytesIn ?? 0, ms: more.ms ?? 0, outputs: more.outputs ?? [], error, ...warnings };
}

export function skippedResult(input: string, reason: SkipReason, more: { bytesIn?: number; ms?: number } = {}): SkippedResult {
  return { status: 'skipped', reason, input, bytesIn: more.bytesIn ?? 0, ms: more.ms ?? 0, outputs: [] };
}

/** A failed result from a code and its sentence. */
export function failedWith(input: string, code: JobErrorCode, message: string): FailedResult {
  return failedResult(input, { code, message });
}
