import { discover, type Discovery } from './discover';
import { discoverList } from './discover-list';
import { readPathList, type ByteSource } from './read-list';
import type { ResolvedOptions } from '../core/options';
import { previewFolderOf } from '../core/preview';
import { realpathOfFuture } from './walk-fs';

/**
 * The inputs' entries: from the files, folders and globs given (`inputs`), or from a list of files
 * (`filesFrom`, read from a file or `stdin`). `outputRoot` is the real output folder.
 */
export async function discoverInputs(
  options: ResolvedOptions,
  outputRoot: string,
  seams: { readonly stdin?: ByteSource | undefined; readonly signal?: AbortSignal | undefined },
): Promise<Discovery> {
  // The report's previews are outputs too: never inputs of this run or the next.
  const previewRoot = options.report === undefined ? {} : { previewRoot: await realpathOfFuture(previewFolderOf(options.report)) };
  const common = { cwd: options.cwd, recursive: options.recursive, outputRoot, followExternalSymlinks: options.followExternalSymlinks, ...previewRoot };
  if (options.filesFrom === undefined) return discover(options.inputs ?? [], common);
  const listed = await readPathList(options, seams.stdin, seams.signal);
  return discoverList(listed, { ...common, ...(options.root === undefined ? {} : { root: options.root }) });
}
