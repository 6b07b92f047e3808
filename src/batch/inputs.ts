import { discover, type Discovery } from './discover';
import { discoverList } from './discover-list';
import { readPathList, type ByteSource } from './read-list';
import type { ResolvedOptions } from '../core/options';

/**
 * The inputs' entries: from the files, folders and globs given (`inputs`), or from a list of files
 * (`filesFrom`, read from a file or `stdin`). `outputRoot` is the real output folder.
 */
export async function discoverInputs(
  options: ResolvedOptions,
  outputRoot: string,
  seams: { readonly stdin?: ByteSource | undefined; readonly signal?: AbortSignal | undefined },
): Promise<Discovery> {
  const common = { cwd: options.cwd, recursive: options.recursive, outputRoot, followExternalSymlinks: options.followExternalSymlinks };
  if (options.filesFrom === undefined) return discover(options.inputs ?? [], common);
  const listed = await readPathList(options, seams.stdin, seams.signal);
  return discoverList(listed, { ...common, ...(options.root === undefined ? {} : { root: options.root }) });
}
