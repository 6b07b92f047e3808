/**
 * imgbatch as a library: the same batches as the CLI, without yargs or cli-progress.
 * @packageDocumentation
 */
export { runBatch, prepareBatch, type RunBatchHooks, type BatchStart } from './batch/run-batch';
export { validateOptions, resolveOptions, DEFAULTS, FORMAT_CHOICES, type BatchOptions, type OptimizeCoding, type ResolvedOptions, type Validation } from './core/options';
export { discover, IMAGE_EXTENSIONS, type Discovery, type DiscoverOptions } from './batch/discover';
export { planJobs, outputPath, collisionKey, type Plan } from './batch/plan';
export {
  ImgbatchError,
  OptionsError,
  UsageError,
  PlanError,
  ExitCode,
  formatIssue,
  type Issue,
} from './core/errors';
export { pathBytes } from './core/names';
export type {
  BatchReport,
  FileId,
  Discovered,
  FormatOption,
  Job,
  JobError,
  JobResult,
  JobRunner,
  OkResult,
  FailedResult,
  SkippedResult,
  SkipReason,
  Summary,
} from './core/types';
export * from './ops';
export { summarize, percentile } from './batch/metrics';
export { createPoolRunner, type PoolOptions, type PoolRunner } from './runners/pool';
export { workerThreads, maxWorkerThreads, MAX_THREADS_PER_CORE } from './runners/budget';
export { createInlineRunner } from './runners/inline';
export { createSupervisedRunner, TerminatedError, type SupervisedOptions } from './runners/supervised';
export { RunClock, type RunClockOptions, type Stopwatch } from './runners/run-clock';
export { stopAwareTimeouts, type StopAwareOptions } from './runners/stop-aware';
export { forkWorkerProcess, type WorkerProcess } from './runners/worker-process';
export { processJob } from './job/process-job';
export { asyncFileIO, blockingFileIO, type FileIO, type OpenedInput, type OutputTarget, type ReadOutcome } from './job/file-io';
