import fs from 'node:fs';
import path from 'node:path';
import { runResolvedBatch, type RunBatchHooks } from '../batch/run-batch';
import { errorMessage, ExitCode, ImgbatchError } from '../core/errors';
import { escapeControl, fsPath } from '../core/names';
import { resolveOptions, type BatchOptions, type ResolvedOptions } from '../core/options';
import type { BatchReport } from '../core/types';
import { writeOutputFile } from '../job/output-dir';
import { asyncSys, hasProcFd } from '../job/sys';
import { renderHtmlReport, type RenderOptions } from './html-report';

/**
 * Writes a run's HTML report to `file` atomically (a temporary in its folder, renamed into place),
 * creating its folder. Previews are those the run's results name (`JobResult.preview`): a report
 * written for a run without `report` shows "no preview" in their place.
 */
export async function writeHtmlReport(report: BatchReport, file: string, options: Omit<RenderOptions, 'file'> = {}): Promise<void> {
  const target = path.resolve(file);
  await fs.promises.mkdir(fsPath(path.dirname(target)), { recursive: true });
  const page = renderHtmlReport(report, { ...options, file: target });
  await writeOutputFile(asyncSys, { output: target }, Buffer.from(page, 'utf8'), hasProcFd());
}

/** Writes the run's report; a failure is the run's (exit 1, the outputs stay). */
export async function saveHtmlReport(file: string, report: BatchReport, cwd: string): Promise<void> {
  try {
    await writeHtmlReport(report, file, { cwd });
  } catch (error: unknown) {
    throw new ImgbatchError(
      'REPORT_NOT_WRITTEN',
      `Expected to write the report ${escapeControl(file)} but could not: ${escapeControl(errorMessage(error))} (the outputs were written)`,
      ExitCode.SomeFailed,
    );
  }
}

/**
 * `runResolvedBatch`, then (with `report`) its HTML report: written at the end of the run, an
 * interrupted one included (the page then says so).
 */
export async function runReportedBatch(options: ResolvedOptions, hooks: RunBatchHooks = {}): Promise<BatchReport> {
  const report = await runResolvedBatch(options, hooks);
  if (options.report !== undefined) await saveHtmlReport(options.report, report, options.cwd);
  return report;
}

/**
 * Runs one batch: discover → plan → run every job → summary (and with `report`, the HTML report).
 * A bad file is a `failed` result, never an exception; usage problems (bad options, no inputs,
 * conflicting outputs) throw an `ImgbatchError` with exit code 2 before anything is written.
 *
 * @example
 * const report = await runBatch({ inputs: ['photos'], out: 'out', op: { op: 'thumbnail', size: 150 } });
 * console.log(report.summary.ok, report.summary.failed);
 */
export async function runBatch(input: BatchOptions, hooks: RunBatchHooks = {}): Promise<BatchReport> {
  return runReportedBatch(resolveOptions(input), hooks);
}
