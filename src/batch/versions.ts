import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** This package's version, read from package.json (two folders up from src/batch and dist/batch). */
export function packageVersion(): string {
  const file = path.resolve(__dirname, '..', '..', 'package.json');
  const pkg: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : 'unknown';
}

/**
 * A hash of every version that shapes an output's bytes: imgbatch, sharp, libvips and each codec
 * (`sharp.versions`). Loads sharp in this process (~55 ms): only incremental runs ask.
 */
export function buildVersions(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when asked
  const sharp = require('sharp') as typeof import('sharp');
  return createHash('sha256')
    .update(JSON.stringify({ imgbatch: packageVersion(), ...sharp.versions }))
    .digest('hex')
    .slice(0, 16);
}
