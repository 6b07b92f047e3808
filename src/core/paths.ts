import path from 'node:path';

/** True when `child` lies strictly below `parent` (both absolute). */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel);
}

/** The deepest folder that contains every one of the given absolute paths. */
export function commonAncestor(paths: readonly string[]): string {
  const [first, ...rest] = paths.map((p) => path.resolve(p));
  if (first === undefined) throw new TypeError('Expected at least one path for commonAncestor but received none');
  let common = first;
  for (const p of rest) {
    while (common !== p && !isInside(p, common)) {
      const up = path.dirname(common);
      if (up === common) break;
      common = up;
    }
  }
  return common;
}
