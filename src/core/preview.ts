import path from 'node:path';

/**
 * Previews for the HTML report (`--report`): small before/after images of an input, written by the
 * worker that processes it, from pixels it has already decoded, into `<report>.files/`.
 */

/** At most this many inputs get previews: the first jobs in plan order. */
export const MAX_PREVIEWS = 2000;

/** The longest side of a preview, in pixels. */
export const PREVIEW_SIZE = 160;

/** What a job is asked to write for the report: two small WebP files inside `root`. */
export interface PreviewRequest {
  /** Absolute path of the "before" (the input as decoded). */
  readonly before: string;
  /** Absolute path of the "after" (the first output). */
  readonly after: string;
  /** The real (link-free) preview folder the files must stay inside. */
  readonly root: string;
  /** Longest side in pixels. */
  readonly size: number;
}

/** The previews a job wrote (absolute paths); either may be missing: a preview never fails its input. */
export interface PreviewWritten {
  readonly before?: string;
  readonly after?: string;
}

/** `<report>.files`: where a report's previews go. */
export function previewFolderOf(report: string): string {
  return `${report}.files`;
}

/** The request for the job at `index` in plan order (names are numbers: no input name reaches the preview folder). */
export function previewRequest(root: string, index: number): PreviewRequest {
  const stem = String(index + 1).padStart(5, '0');
  return { before: path.join(root, `${stem}-before.webp`), after: path.join(root, `${stem}-after.webp`), root, size: PREVIEW_SIZE };
}
