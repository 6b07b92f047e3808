/**
 * The bug this guards against: two containers share an output volume; a run in one PID namespace
 * must not delete the live temporaries of a run in another because their pid looks dead here.
 * Needs `unshare --pid --fork` (root or user namespaces); skipped, with the reason, without it.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { removeStaleTemporaries } from '../../src/job/temporaries';
import { parseTempName, thisWriter } from '../../src/job/atomic';
import { repoRoot, tempDir } from '../helpers/fixtures';

const probe = spawnSync('unshare', ['--pid', '--fork', 'true'], { encoding: 'utf8' });
const unshareWorks = probe.status === 0;
if (!unshareWorks) console.warn(`pid-namespace test skipped: unshare --pid --fork failed: ${probe.error?.message ?? probe.stderr}`);

function isDeadHere(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error: unknown) {
    return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ESRCH';
  }
}

/** Node in a new PID namespace writes a temporary with the built `tempPathFor` and waits for stdin to close. */
const writer = `
const fs = require('node:fs');
const { tempPathFor } = require(${JSON.stringify(path.join(repoRoot, 'dist', 'job', 'atomic.js'))});
const temp = tempPathFor(process.argv[1]);
fs.writeFileSync(temp, 'partial');
process.stdout.write(temp + '\\n');
process.stdin.on('end', () => process.exit(0)).resume();
`;

(unshareWorks ? test : test.skip)('a live temporary written in another PID namespace survives cleanup here', async () => {
  const dir = tempDir('imgbatch-pidns-');
  // Inside, sh is pid 1 and each command takes the next pid: burn pids until node gets one that is
  // dead in this namespace, so that the pid-only rule of 0.1 would have removed its temporary.
  let target = 10;
  while (!isDeadHere(target)) target += 1;
  const script = `i=2; while [ $i -lt ${target} ]; do /bin/true; i=$((i+1)); done; ${JSON.stringify(process.execPath)} -e "$0" "$1"`;
  const child = spawn('unshare', ['--pid', '--fork', '--kill-child', 'sh', '-c', script, writer, path.join(dir, 'a.jpg')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const temp = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').once('data', (line: string) => resolve(line.trim()));
      child.once('exit', (code) => reject(new Error(`writer exited early (${String(code)})`)));
    });
    const parsed = parseTempName(path.basename(temp))?.writer;
    expect(parsed?.boot).toBe(thisWriter().boot);
    expect(parsed?.pidns).not.toBe(thisWriter().pidns);
    expect(isDeadHere(parsed?.pid ?? 0)).toBe(true);
    expect(await removeStaleTemporaries([dir])).toBe(0);
    expect(fs.existsSync(temp)).toBe(true);
  } finally {
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end();
    await exited;
  }
});
