import fs from 'node:fs';
import path from 'node:path';
import { JOB_ERROR_CODES } from '../../src/core/errors';
import { repoRoot } from '../helpers/fixtures';

/** The codes the README's table lists under "Error codes (`error.code`)", in its order. */
function readmeCodes(): string[] {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const from = readme.indexOf('Error codes (`error.code`):');
  const table = readme.slice(from, readme.indexOf('\n\n', readme.indexOf('| Code |', from)));
  return [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1] ?? '');
}

describe('error codes: one union, documented', () => {
  test('the README lists every code of JobErrorCode, each once, and no other', () => {
    const listed = readmeCodes();
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...JOB_ERROR_CODES].sort());
  });
});
