import { MAX_PREVIEWS, previewFolderOf, previewRequest } from '../core/preview';
import type { Job } from '../core/types';
import { realpathOfFuture } from './walk-fs';

/** The report's preview folder as a real (link-free) path, found once per run; undefined without a report. */
export async function previewRootOf(report: string | undefined): Promise<string | undefined> {
  return report === undefined ? undefined : realpathOfFuture(previewFolderOf(report));
}

/**
 * With a report (`root`, its real preview folder): the first `MAX_PREVIEWS` jobs to run, in plan order, are asked for previews in the
 * report's preview folder (its real path: the workers write only inside it, never through a link).
 * The folder is created by the first preview written; files of an earlier report there are
 * replaced when this run writes the same name, and never deleted (the page shows only this run's).
 */
export function withPreviews(jobs: readonly Job[], root: string | undefined): readonly Job[] {
  if (root === undefined) return jobs;
  return jobs.map((job, i) => (i < MAX_PREVIEWS ? { ...job, preview: previewRequest(root, i) } : job));
}
