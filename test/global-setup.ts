/**
 * Jest's globalSetup: no test may run stale compiled code. Worker threads, the supervised child
 * process and the bin run JavaScript from dist/ (src/runners/compiled.ts), so after an edit a bare
 * `npx jest` would test the old code. Before any suite starts, every src/ file is compared with
 * its dist/ counterpart; if one is missing or older, dist/ is rebuilt (tsc -p tsconfig.build.json),
 * and if a file is still stale after that, the run stops, naming it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return sourcesUnder(file);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** src/ files whose dist/ .js is missing or older than they are, as "src/a.ts (dist/a.js …)". */
export function staleFiles(base = root): string[] {
  const src = path.join(base, 'src');
  return sourcesUnder(src).flatMap((file) => {
    const rel = path.relative(src, file).replace(/\.ts$/, '.js');
    const built = path.join(base, 'dist', rel);
    const builtAt = fs.statSync(built, { throwIfNoEntry: false })?.mtimeMs;
    if (builtAt !== undefined && builtAt >= fs.statSync(file).mtimeMs) return [];
    return [`${path.relative(base, file)} (dist/${rel} ${builtAt === undefined ? 'missing' : 'older'})`];
  });
}

export default function globalSetup(): void {
  const stale = staleFiles();
  if (stale.length === 0) return;
  const shown = stale.length > 3 ? `${stale.slice(0, 3).join(', ')} and ${stale.length - 3} more` : stale.join(', ');
  process.stderr.write(`\njest globalSetup: dist/ is stale (${shown}): rebuilding with tsc -p tsconfig.build.json\n`);
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  const still = staleFiles();
  if (still.length > 0) throw new Error(`Expected dist/ to be up to date after the build, but these are stale: ${still.join(', ')}`);
}
