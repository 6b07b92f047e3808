import { discover, type Discovery } from './discover';
import { discoverList } from './discover-list';
import { readPathList, type ByteSource } from './read-list';
import type { ResolvedOptions } from '../core/options';

/**
 * The inputs' entries: from the files, folders and globs given (`inputs`), or from a list of files
 * (`filesFrom`, read from a file or `stdin`). `roots`: the real output folder and, with a report, its
 * real preview folder; the files in either are never inputs, of this run or the next.
 */
export async function discoverInputs(
  options: ResolvedOptions,
  roots: { readonly outputRoot: string; readonly previewRoot?: string | undefined },
  seams: { readonly stdin?: ByteSource | undefined; readonly signal?: AbortSignal | undefined },
): Promise<Discovery> {
  const { outputRoot, previewRoot } = roots;
  const previews = previewRoot === undefined ? {} : { previewRoot };
  const common = { cwd: options.cwd, recursive: options.recursive, outputRoot, followExternalSymlinks: options.followExternalSymlinks, ...previews };
  if (options.filesFrom === undefined) return discover(options.inputs ?? [], common);
  const listed = await readPathList(options, seams.stdin, seams.signal);
  return discoverList(listed, { ...common, ...(options.root === undefined ? {} : { root: options.root }) });
}
