/**
 * imgbatch as a library: the same batches as the CLI, without yargs or cli-progress. This file is
 * the library's contract: runBatch, its options and results, its errors and exit codes, the
 * runner seam, mergeReports (the reports of several runs as one), writeHtmlReport, and runBench (a
 * batch's sample at -j 1, 2, 4, …, with the -j it recommends, and its chart). Everything else in
 * src/ is internal and may change in any release.
 * @packageDocumentation
 */
export { type RunBatchHooks, type BatchStart } from './batch/run-batch';
export { runBatch, writeHtmlReport } from './report/html-write';
export type { ExtraSection, RenderOptions } from './report/html-report';
export { runBench, type BenchHooks } from './batch/bench';
export {
  benchConcurrencies,
  DEFAULT_BENCH_SAMPLE,
  recommendConcurrency,
  RECOMMEND_RULE,
  type BenchResult,
  type BenchRow,
  type BenchRun,
  type BenchStart,
} from './core/bench';
export { benchChartSvg } from './report/bench-chart';
export type { ByteSource } from './batch/read-list';
export { planBatch, type DryRunReport, type PlannedInput } from './batch/dry-run';
export { BUILD_REASONS, type BuildReason, type PlannedAction, type PrunedOutput, type PruneWhy } from './core/build';
export {
  validateOptions,
  resolveOptions,
  DEFAULTS,
  type BatchOptions,
  type OptimizeCoding,
  type OutputOption,
  type ResolvedOptions,
  type Validation,
} from './core/options';
export { NAME_TOKENS, type NameToken } from './core/name-template';
export { RECIPE_SCHEMA_FILE, type Recipe } from './core/recipe';
export { mergeReports, type Duplicate, type MergedRun, type MergedSummary, type MergeOptions, type MergeReport, type ReportText } from './report/merge';
export { MANIFEST_VERSION, type Manifest, type ManifestInput, type ManifestOutput } from './batch/manifest';
export {
  ImgbatchError,
  OptionsError,
  UsageError,
  PlanError,
  ExitCode,
  JOB_ERROR_CODES,
  formatIssue,
  type ExitCodeValue,
  type Issue,
  type JobErrorCode,
} from './core/errors';
export { DEFAULT_THUMBNAIL_SIZE, type GrayscaleOp, type Op, type OpKind, type ResizeOp, type SepiaOp, type ThumbnailOp } from './core/ops';
export { FORMAT_CHOICES, type FormatOption, type OutputFormat } from './core/formats';
export { pathBytes } from './core/names';
export type {
  BatchReport,
  FileId,
  Job,
  JobError,
  JobOutput,
  JobResult,
  JobRunner,
  OkResult,
  FailedResult,
  OutputResult,
  SkippedResult,
  SkipReason,
  Summary,
} from './core/types';
export { createInlineRunner } from './runners/inline';
export { createPoolRunner, type PoolOptions, type PoolRunner } from './runners/pool';
export { createSupervisedRunner, TerminatedError, type SupervisedOptions } from './runners/supervised';
