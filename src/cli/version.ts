import fs from 'node:fs';
import path from 'node:path';

/** This package's version, read from package.json (two folders up from src/cli and dist/cli). */
export function packageVersion(): string {
  const file = path.resolve(__dirname, '..', '..', 'package.json');
  const pkg: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : 'unknown';
}
