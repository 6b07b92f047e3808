import { MAX_PREVIEWS, previewFolderOf, previewRequest } from '../core/preview';
import type { Job } from '../core/types';
import { realpathOfFuture } from './walk-fs';

/**
 * With a report: the first `MAX_PREVIEWS` jobs to run, in plan order, are asked for previews in the
 * report's preview folder (its real path: the workers write only inside it, never through a link).
 * The folder is created by the first preview written; files of an earlier report there are
 * replaced when this run writes the same name, and never deleted (the page shows only this run's).
 */
export async function withPreviews(jobs: readonly Job[], report: string | undefined): Promise<readonly Job[]> {
  if (report === undefined || jobs.length === 0) return jobs;
  const root = await realpathOfFuture(previewFolderOf(report));
  return jobs.map((job, i) => (i < MAX_PREVIEWS ? { ...job, preview: previewRequest(root, i) } : job));
}
