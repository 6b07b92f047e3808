import path from 'node:path';
import { isInside } from '../core/paths';
import type { Discovered } from '../core/types';
import { idOf, inSlices, realpathOf, statNow } from './walk-fs';

/** One path found by a walk, before identities and duplicates are settled. */
export interface Found extends Discovered {
  /** Reached through a symbolic link (to the file, or to a folder above it). */
  readonly viaLink?: boolean;
}

/**
 * Gives each file to process its real path (`source`, when it differs from the path found) and its
 * identity (device + inode), so that processing reads only the file discovery saw. Files whose
 * real folder lies in the output folder become skipped (`inside-output-root`): outputs are never
 * read back, whatever links lead to them. That rule is off when the output folder is the root
 * searched, or holds it (the plan then refuses outputs that would overwrite inputs). Real paths of
 * folders are looked up once each.
 */
export async function identify(found: readonly Found[], realRoot: string, outputRoot: string | undefined, previewRoot?: string): Promise<Found[]> {
  // The report's previews folder (`--report`) is an output folder too.
  const excluded = [outputRoot, previewRoot].filter((root): root is string => root !== undefined && root !== realRoot && !isInside(realRoot, root));
  const folders = new Map<string, Promise<string>>();
  const realFolder = (dir: string): Promise<string> => {
    let real = folders.get(dir);
    if (real === undefined) {
      real = realpathOf(dir);
      folders.set(dir, real);
    }
    return real;
  };
  const one = async (f: Found): Promise<Found> => {
    if (f.skip !== undefined || f.failure !== undefined) return f;
    const source = f.source ?? path.join(await realFolder(path.dirname(f.input)), path.basename(f.input));
    if (excluded.some((root) => isInside(source, root))) {
      return { input: f.input, rel: f.rel, argument: f.argument, skip: 'inside-output-root' };
    }
    const stat = statNow(source);
    const { source: _ignored, ...rest } = f;
    return { ...rest, ...(source === f.input ? {} : { source }), ...(stat === undefined ? {} : { id: idOf(stat), bytes: Number(stat.size) }) };
  };
  return inSlices(found, one);
}
