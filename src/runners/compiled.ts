import fs from 'node:fs';
import path from 'node:path';

/**
 * A compiled module of this package, for worker threads and child processes (they need JavaScript).
 * Under jest the code runs from `src/`, where no `.js` exists, so it falls back to `dist/`
 * (rebuilt by jest's globalSetup when stale).
 */
export function compiledFile(dir: string, relFromSrc: string): string {
  const beside = path.join(dir, path.basename(relFromSrc));
  if (fs.existsSync(beside)) return beside;
  const built = path.resolve(dir, '..', '..', 'dist', relFromSrc);
  if (fs.existsSync(built)) return built;
  throw new Error(`Expected the compiled ${relFromSrc} at ${beside} or ${built} but found neither: run "npm run build"`);
}
