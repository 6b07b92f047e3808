/**
 * Permission cases need a user the kernel holds to file modes: root reads everything. CI runs as
 * root, so the CLI is run as `nobody` through setpriv; where that is impossible the suite says so.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fixtures, listFiles, repoRoot, tempDir } from '../helpers/fixtures';
import { binCommand, runBin, type BinResult } from '../helpers/spawn-bin';

const asNobody = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
const isRoot = process.getuid?.() === 0;

function probe(): string | undefined {
  if (!isRoot) return process.getuid?.() === undefined ? 'no POSIX users here' : undefined;
  // Synchronous: it decides, as the file loads, whether the suite runs.
  const r = spawnSync(...binCommand(['--version'], asNobody), { encoding: 'utf8' });
  if (r.error !== undefined) return `setpriv is not available (${r.error.message})`;
  if (r.status !== 0) return `nobody cannot run imgbatch from ${repoRoot}: ${r.stderr.trim().split('\n')[0] ?? ''}`;
  return undefined;
}
const unavailable = probe();
if (unavailable !== undefined) console.warn(`Permission tests skipped: ${unavailable}`);
const describeIf = unavailable === undefined ? describe : describe.skip;

const cli = (args: readonly string[], cwd: string): Promise<BinResult> => runBin(args, { cwd, through: isRoot ? asNobody : [] });

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

  test('an unreadable file and an unreadable folder each get a "permission denied" record; the rest is processed', async () => {
    const r = await cli(['resize', 'in', '-r', '-o', 'out', '--json'], root);
    expect(r.code).toBe(1);
    const by = new Map(r.records.filter((x) => x['type'] === 'file').map((x) => [path.basename(String(x['input'])), x]));
    expect([...by.keys()].sort()).toEqual(['locked-dir', 'locked.jpg', 'ok.jpg']);
    expect(by.get('ok.jpg')).toMatchObject({ status: 'ok' });
    for (const name of ['locked.jpg', 'locked-dir']) {
      expect(by.get(name)).toMatchObject({ status: 'failed', error: { code: 'PERMISSION_DENIED', message: expect.stringMatching(/permission denied/) } });
      expect(JSON.stringify(by.get(name))).not.toMatch(/unsupported image format/i);
    }
    expect(listFiles(path.join(root, 'out'))).toEqual(['ok.jpg']);
  });

  test('an output folder that cannot be written is a clear error before any work (exit 2)', async () => {
    const readOnly = path.join(root, 'read-only');
    fs.mkdirSync(readOnly, { mode: 0o555 });
    fs.chmodSync(readOnly, 0o555);
    const r = await cli(['resize', 'in/ok.jpg', '-o', 'read-only/out'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Expected a writable output folder for --out but cannot use .*read-only\/out: EACCES: permission denied/);
    expect(r.stdout).toBe('');
  });
});
