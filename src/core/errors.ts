/** One thing wrong with the options: where, what was expected, and what arrived. */
export interface Issue {
  /** Where: a flag (`--width`) from the CLI, an option path (`op.width`) from the library. */
  readonly path: string;
  /** What was expected, e.g. `a positive integer`. */
  readonly expected: string;
  /** What arrived, as given. */
  readonly received: unknown;
  /** The whole sentence, when the usual `Expected … but received …` does not fit (a flag given twice). */
  readonly message?: string;
  /** What is wrong with the value, when the expectation alone does not say (`{size} is not a token`). */
  readonly why?: string;
}

/** Formats an issue in one sentence: `Expected a positive integer for --width but received "abc"`. */
export function formatIssue(issue: Issue): string {
  if (issue.message !== undefined) return issue.message;
  const why = issue.why === undefined ? '' : `: ${issue.why}`;
  return `Expected ${issue.expected} for ${issue.path} but received ${describeValue(issue.received)}${why}`;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return `${JSON.stringify(value)} (${typeof value})`;
  } catch {
    return typeof value;
  }
}

/**
 * Every code a failed file can carry (`JobError.code`), as the README's table lists them (a test
 * keeps the two equal): reading, decoding, writing, workers.
 */
export const JOB_ERROR_CODES = [
  'DECODE_FAILED',
  'PROCESSING_FAILED',
  'UNSUPPORTED_FORMAT',
  'PIXEL_LIMIT',
  'DECOMPRESSION_BOMB',
  'EMPTY_FILE',
  'PERMISSION_DENIED',
  'FOLDER_UNREADABLE',
  'NOT_FOUND',
  'OUTSIDE_ROOT',
  'DANGLING_SYMLINK',
  'SYMLINK_LOOP',
  'NOT_REGULAR_FILE',
  'NO_SPACE',
  'READ_ONLY_FS',
  'IO_ERROR',
  'READ_FAILED',
  'NAME_TOO_LONG',
  'WRITE_FAILED',
  'UNSAFE_OUTPUT_PATH',
  'TIMEOUT',
  'WORKER_CRASHED',
  'WORKER_ERROR',
  'WORKER_EXITED',
  'WORKER_OUT_OF_MEMORY',
  'INTERNAL',
] as const;
export type JobErrorCode = (typeof JOB_ERROR_CODES)[number];

/** Exit codes, as documented in the README. */
export const ExitCode = {
  Ok: 0,
  SomeFailed: 1,
  Usage: 2,
  Internal: 3,
  Sigint: 130,
  Sigterm: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Exit codes from least to most severe, as the README's "Exit codes" orders them (2 > 130/143 > 3 >
 * 1 > 0), with SIGTERM above SIGINT so that the order is total.
 */
const EXIT_CODE_ORDER: readonly ExitCodeValue[] = [ExitCode.Ok, ExitCode.SomeFailed, ExitCode.Internal, ExitCode.Sigint, ExitCode.Sigterm, ExitCode.Usage];

/** The most severe of the codes by `EXIT_CODE_ORDER` (0 for none). */
export function worstExitCode(codes: Iterable<ExitCodeValue>): ExitCodeValue {
  let worst: ExitCodeValue = ExitCode.Ok;
  for (const code of codes) if (EXIT_CODE_ORDER.indexOf(code) > EXIT_CODE_ORDER.indexOf(worst)) worst = code;
  return worst;
}

/** Base class: every error imgbatch raises on purpose carries a code and an exit code. */
export class ImgbatchError extends Error {
  readonly code: string;
  readonly exitCode: ExitCodeValue;
  constructor(code: string, message: string, exitCode: ExitCodeValue) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** The options are wrong; lists every issue at once. Exit code 2. */
export class OptionsError extends ImgbatchError {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    super('INVALID_OPTIONS', issues.map(formatIssue).join('\n'), ExitCode.Usage);
    this.issues = issues;
  }
}

/** A usage problem that is not one option: no inputs found, an unwritable output folder. Exit code 2. */
export class UsageError extends ImgbatchError {
  constructor(code: string, message: string) {
    super(code, message, ExitCode.Usage);
  }
}

/** Two or more jobs would write the same file (or an input). Exit code 2, nothing written. */
export class PlanError extends UsageError {
  readonly groups: readonly (readonly string[])[];
  constructor(message: string, groups: readonly (readonly string[])[]) {
    super('PLAN_CONFLICT', message);
    this.groups = groups;
  }
}

/** The `code` of a system or Node error (`ENOENT`, `ERR_BUFFER_TOO_LARGE`, …); undefined when it has none. */
export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  // An Error from another realm (a vm context, jest's module sandbox) fails instanceof.
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}
