import path from 'node:path';
import { runResolvedBatch, type RunBatchHooks } from '../batch/run-batch';
import { saveRunFile, writeWhole } from '../batch/run-file';
import { resolveOptions, type BatchOptions, type ResolvedOptions } from '../core/options';
import type { BatchReport } from '../core/types';
import type { RenderOptions } from './html-report';

/**
 * Writes a run's HTML report to `file` atomically (a temporary in its folder, renamed into place),
 * creating its folder. Previews are those the run's results name (`JobResult.preview`): a report
 * written for a run without `report` shows "no preview" in their place.
 */
export async function writeHtmlReport(report: BatchReport, file: string, options: Omit<RenderOptions, 'file'> = {}): Promise<void> {
  const target = path.resolve(file);
  // Loaded only for a report: every batch's start imports this module.
  const { renderHtmlReport } = await import('./html-report');
  await writeWhole(target, Buffer.from(renderHtmlReport(report, { ...options, file: target }), 'utf8'));
}

/**
 * `runResolvedBatch`, then (with `report`) its HTML report: written at the end of the run, an
 * interrupted one included (the page then says so).
 */
export async function runReportedBatch(options: ResolvedOptions, hooks: RunBatchHooks = {}): Promise<BatchReport> {
  const report = await runResolvedBatch(options, hooks);
  const file = options.report;
  if (file !== undefined) await saveRunFile('report', file, () => writeHtmlReport(report, file, { cwd: options.cwd }));
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
