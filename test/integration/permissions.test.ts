/**
 * Permission cases need a user the kernel holds to file modes: root reads everything. CI runs as
 * root, so the CLI is run as `nobody` through setpriv; where that is impossible the suite says so.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fixtures, listFiles, repoRoot, tempDir } from '../helpers/fixtures';

const bin = path.join(repoRoot, 'bin', 'imgbatch.js');
const asNobody = ['--reuid=nobody', '--regid=nogroup', '--clear-groups'];
const isRoot = process.getuid?.() === 0;

function probe(): string | undefined {
  if (!isRoot) return process.getuid?.() === undefined ? 'no POSIX users here' : undefined;
  const r = spawnSync('setpriv', [...asNobody, process.execPath, bin, '--version'], { encoding: 'utf8' });
  if (r.error !== undefined) return `setpriv is not available (${r.error.message})`;
  if (r.status !== 0) return `nobody cannot run imgbatch from ${repoRoot}: ${r.stderr.trim().split('\n')[0] ?? ''}`;
  return undefined;
}
const unavailable = probe();
if (unavailable !== undefined) console.warn(`Permission tests skipped: ${unavailable}`);
const describeIf = unavailable === undefined ? describe : describe.skip;

function cli(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const command = isRoot ? 'setpriv' : process.execPath;
  const argv = isRoot ? [...asNobody, process.execPath, bin, ...args] : [bin, ...args];
  const r = spawnSync(command, argv, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describeIf('permissions (run as an unprivileged user)', () => {
  const root = tempDir('imgbatch-perm-');
  const inDir = path.join(root, 'in');
  beforeAll(() => {
    fs.chmodSync(root, 0o777);
    fs.mkdirSync(path.join(inDir, 'locked-dir'), { recursive: true });
    fs.copyFileSync(fixtures.landscapeJpg, path.join(inDir, 'ok.jpg'));
    fs.copyFileSync(fixtures.landscapeJpg, path.join(inDir, 'locked.jpg'));
    fs.copyFileSync(fixtures.landscapeJpg, path.join(inDir, 'locked-dir', 'hidden.jpg'));
    fs.chmodSync(path.join(inDir, 'locked.jpg'), 0o000);
    fs.chmodSync(path.join(inDir, 'locked-dir'), 0o000);
  });
  afterAll(() => {
    fs.chmodSync(path.join(inDir, 'locked-dir'), 0o755);
    fs.chmodSync(path.join(inDir, 'locked.jpg'), 0o644);
  });

  test('an unreadable file and an unreadable folder each get a "permission denied" record; the rest is processed', () => {
    const r = cli(['resize', 'in', '-r', '-o', 'out', '--json'], root);
    expect(r.status).toBe(1);
    const records = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const by = new Map(records.filter((x) => x['type'] === 'file').map((x) => [path.basename(String(x['input'])), x]));
    expect([...by.keys()].sort()).toEqual(['locked-dir', 'locked.jpg', 'ok.jpg']);
    expect(by.get('ok.jpg')).toMatchObject({ status: 'ok' });
    for (const name of ['locked.jpg', 'locked-dir']) {
      expect(by.get(name)).toMatchObject({ status: 'failed', error: { code: 'PERMISSION_DENIED', message: expect.stringMatching(/permission denied/) } });
      expect(JSON.stringify(by.get(name))).not.toMatch(/unsupported image format/i);
    }
    expect(listFiles(path.join(root, 'out'))).toEqual(['ok.jpg']);
  });

  test('an output folder that cannot be written is a clear error before any work (exit 2)', () => {
    const readOnly = path.join(root, 'read-only');
    fs.mkdirSync(readOnly, { mode: 0o555 });
    fs.chmodSync(readOnly, 0o555);
    const r = cli(['resize', 'in/ok.jpg', '-o', 'read-only/out'], root);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Expected a writable output folder for --out but cannot use .*read-only\/out: EACCES: permission denied/);
    expect(r.stdout).toBe('');
  });
});
