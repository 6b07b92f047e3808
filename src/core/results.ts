import type { JobErrorCode } from './errors';
import type { FailedResult, JobError, SkippedResult, SkipReason } from './types';

/**
 * The one place that builds `failed` and `skipped` results (nothing was written, so `output` is
 * null). `bytesIn` and `ms` default to 0: the file was not read, or no time was spent on it.
 */
export function failedResult(input: string, error: JobError, more: { bytesIn?: number; ms?: number; warnings?: readonly string[] } = {}): FailedResult {
  const warnings = more.warnings !== undefined && more.warnings.length > 0 ? { warnings: more.warnings } : {};
  return { status: 'failed', input, output: null, bytesIn: more.bytesIn ?? 0, ms: more.ms ?? 0, error, ...warnings };
}

export function skippedResult(input: string, reason: SkipReason, more: { bytesIn?: number; ms?: number } = {}): SkippedResult {
  return { status: 'skipped', reason, input, output: null, bytesIn: more.bytesIn ?? 0, ms: more.ms ?? 0 };
}

/** A failed result from a code and its sentence. */
export function failedWith(input: string, code: JobErrorCode, message: string): FailedResult {
  return failedResult(input, { code, message });
}
