/**
 * Stale-temporary cleanup never removes a temporary that a live run anywhere may own: the rule as a
 * table over real files in a fresh folder, then the pure rule with a synthetic clock and boot.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  isStaleTemporary,
  removeOwnTemporaries,
  removeStaleTemporaries,
  removeTemporariesOf,
  STALE_TEMPORARY_AGE_MS,
  type StaleFacts,
} from '../../src/job/temporaries';
import { parseTempName, tempPathFor, thisWriter, type Writer } from '../../src/job/atomic';
import { tempDir } from '../helpers/fixtures';

const self = thisWriter();
const otherBoot = (self.boot.startsWith('f') ? '0' : 'f') + self.boot.slice(1);
const otherNs = self.pidns + 1;
/** A pid that was just used and is gone (ESRCH). */
const deadPid = (): number => spawnSync('true').pid;
const secondsAgo = (s: number): number => Date.now() / 1000 - s;
const fresh = (): number => secondsAgo(1);
const old = (): number => secondsAgo(STALE_TEMPORARY_AGE_MS / 1000 + 60);
/** Written before this machine booted (also older than the threshold unless it booted < 15 min ago). */
const beforeBoot = (): number => Date.now() / 1000 - os.uptime() - 60;

let sleeper: ChildProcess;
beforeAll(() => {
  sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
});
afterAll(() => {
  sleeper.kill('SIGKILL');
});

const name = (boot: string, pidns: number, pid: number): string => `.a.jpg.imgbatch-${boot}-${pidns}-${pid}-0123456789ab.tmp`;
const legacy = (pid: number): string => `.a.jpg.imgbatch-${pid}-0123456789ab.tmp`;

interface Case {
  what: string;
  file: () => string;
  mtime: () => number;
  kept: boolean;
}

const cases: Case[] = [
  { what: 'other pid namespace, dead pid, fresh', file: () => name(self.boot, otherNs, deadPid()), mtime: fresh, kept: true },
  { what: 'other pid namespace, dead pid, old', file: () => name(self.boot, otherNs, deadPid()), mtime: old, kept: false },
  { what: 'other boot, written before this boot', file: () => name(otherBoot, self.pidns, deadPid()), mtime: beforeBoot, kept: false },
  { what: 'other boot, written since this boot (another machine)', file: () => name(otherBoot, self.pidns, 1), mtime: fresh, kept: true },
  { what: 'same boot and namespace, dead pid, fresh', file: () => name(self.boot, self.pidns, deadPid()), mtime: fresh, kept: false },
  { what: 'same namespace, live pid (sleeping child)', file: () => name(self.boot, self.pidns, sleeper.pid ?? 0), mtime: fresh, kept: true },
  { what: 'same namespace, live pid (parent)', file: () => name(self.boot, self.pidns, process.ppid), mtime: fresh, kept: true },
  { what: 'own pid, fresh', file: () => name(self.boot, self.pidns, process.pid), mtime: fresh, kept: true },
  { what: 'own pid, old', file: () => name(self.boot, self.pidns, process.pid), mtime: old, kept: true },
  { what: 'unknown boot (unreadable), dead pid, fresh', file: () => name('00000000', self.pidns, deadPid()), mtime: fresh, kept: true },
  { what: 'old format, dead pid, young', file: () => legacy(deadPid()), mtime: fresh, kept: true },
  { what: 'old format, own pid, old', file: () => legacy(process.pid), mtime: old, kept: false },
  { what: 'old format, dead pid, old', file: () => legacy(deadPid()), mtime: old, kept: false },
];

describe('removeStaleTemporaries', () => {
  test.each(cases)('$what: kept=$kept', async ({ file, mtime, kept }) => {
    const dir = tempDir('imgbatch-temporaries-');
    const temp = path.join(dir, file());
    fs.writeFileSync(temp, 'partial');
    const t = mtime();
    fs.utimesSync(temp, t, t);
    const removed = await removeStaleTemporaries([dir]);
    expect({ exists: fs.existsSync(temp), removed }).toEqual({ exists: kept, removed: kept ? 0 : 1 });
  });

  test('a folder that is a symbolic link is not entered', async () => {
    const root = tempDir('imgbatch-temporaries-');
    fs.mkdirSync(path.join(root, 'real'));
    fs.symlinkSync('real', path.join(root, 'link'));
    const temp = path.join(root, 'real', name(self.boot, self.pidns, deadPid()));
    fs.writeFileSync(temp, 'partial');
    expect(await removeStaleTemporaries([path.join(root, 'link')])).toBe(0);
    expect(fs.existsSync(temp)).toBe(true);
    expect(await removeStaleTemporaries([path.join(root, 'real')])).toBe(1);
  });

  test('folders and names that are not UTF-8 (escaped bytes) are read and removed by their bytes', async () => {
    const root = tempDir('imgbatch-temporaries-');
    const dirBytes = Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9])]);
    fs.mkdirSync(dirBytes);
    const tempBytes = Buffer.concat([dirBytes, Buffer.from('/.'), Buffer.from([0xff]), Buffer.from(name(self.boot, self.pidns, deadPid()).slice(1))]);
    fs.writeFileSync(tempBytes, 'partial');
    expect(await removeStaleTemporaries([`${root}/caf\udce9`])).toBe(1);
    expect(fs.existsSync(tempBytes)).toBe(false);
  });

  test('a folder named like a stale temporary is left alone', async () => {
    const dir = tempDir('imgbatch-temporaries-');
    fs.mkdirSync(path.join(dir, name(self.boot, self.pidns, deadPid())));
    expect(await removeStaleTemporaries([dir, path.join(dir, 'missing')])).toBe(0);
  });
});

describe('removeOwnTemporaries', () => {
  test("removes this process's temporaries of the given outputs only", async () => {
    const dir = tempDir('imgbatch-temporaries-');
    const mine = tempPathFor(path.join(dir, 'a.jpg'));
    const otherOutput = tempPathFor(path.join(dir, 'a.jpg.webp'));
    const someoneElse = path.join(dir, name(self.boot, self.pidns, deadPid()));
    for (const f of [mine, otherOutput, someoneElse]) fs.writeFileSync(f, 'partial');
    await removeOwnTemporaries([path.join(dir, 'a.jpg')]);
    expect([mine, otherOutput, someoneElse].map((f) => fs.existsSync(f))).toEqual([false, true, true]);
  });

  test('removeTemporariesOf also removes those of the worker processes named (their threads write under their pid)', async () => {
    const dir = tempDir();
    const worker = sleeper.pid ?? 0;
    const ofWorker = path.join(dir, name(self.boot, self.pidns, worker));
    const ofWorkerElsewhere = path.join(dir, name(self.boot, otherNs, worker));
    const ofAnother = path.join(dir, name(self.boot, self.pidns, deadPid()));
    for (const f of [ofWorker, ofWorkerElsewhere, ofAnother]) fs.writeFileSync(f, 'partial');
    await removeTemporariesOf([path.join(dir, 'a.jpg')], [process.pid, worker]);
    expect([ofWorker, ofWorkerElsewhere, ofAnother].map((f) => fs.existsSync(f))).toEqual([false, true, true]);
  });
});

describe('temporary names', () => {
  test('carry the boot id and PID namespace read from /proc, then the pid', () => {
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').replace(/-/g, '').slice(0, 8);
    const pidns = Number(/\d+/.exec(fs.readlinkSync('/proc/self/ns/pid'))?.[0]);
    const base = path.basename(tempPathFor('/out/a.jpg'));
    expect(base).toMatch(new RegExp(`^\\.a\\.jpg\\.imgbatch-${boot}-${pidns}-${process.pid}-[0-9a-f]{12}\\.tmp$`));
    expect(parseTempName(base)).toEqual({ stem: '.a.jpg', writer: { boot, pidns, pid: process.pid } });
  });

  test.each(['a'.repeat(255), 'é'.repeat(127), '\udcff'.repeat(255)])('fit in 255 bytes (%#)', (long) => {
    const base = path.basename(tempPathFor(path.join('/out', long)));
    expect(Buffer.byteLength(base.replace(/[\udc80-\udcff]/g, 'x'))).toBeLessThanOrEqual(255);
    expect(parseTempName(base)?.writer).toEqual(self);
  });

  test('the 0.1 format is still recognised (no writer: judged by age only)', () => {
    expect(parseTempName('.a.jpg.imgbatch-123-0123456789ab.tmp')).toEqual({ stem: '.a.jpg', writer: undefined });
    expect(parseTempName('a.jpg.imgbatch-123-0123456789ab.tmp')).toBeNull();
  });
});

describe('isStaleTemporary (the rule)', () => {
  const now = 1_000_000_000_000;
  const facts = (over: Partial<StaleFacts> = {}): StaleFacts => ({
    self: { boot: 'aaaaaaaa', pidns: 10, pid: 100 },
    now,
    bootedAt: now - 60_000,
    isAlive: (pid) => pid === 200,
    ...over,
  });
  const w = (boot: string, pidns: number, pid: number): Writer => ({ boot, pidns, pid });
  test.each([
    ['other boot, before this boot, young', true, w('bbbbbbbb', 10, 7), now - 61_000, facts()],
    ['other boot, after this boot', false, w('bbbbbbbb', 10, 7), now - 59_000, facts()],
    ['this boot unknown: another boot proves nothing', false, w('bbbbbbbb', 10, 7), now - 61_000, facts({ self: w('00000000', 10, 100) })],
    ['namespace unknown on both sides: pid proves nothing', false, w('aaaaaaaa', 0, 7), now, facts({ self: w('aaaaaaaa', 0, 100) })],
    ['same namespace, dead', true, w('aaaaaaaa', 10, 7), now, facts()],
    ['same namespace, alive', false, w('aaaaaaaa', 10, 200), now, facts()],
    ['other namespace, dead, just under the threshold', false, w('aaaaaaaa', 11, 7), now - STALE_TEMPORARY_AGE_MS, facts()],
    ['other namespace, dead, over the threshold', true, w('aaaaaaaa', 11, 7), now - STALE_TEMPORARY_AGE_MS - 1, facts()],
    ['own, over the threshold', false, w('aaaaaaaa', 10, 100), now - STALE_TEMPORARY_AGE_MS - 1, facts()],
    ['0.1 format, young', false, undefined, now - 1000, facts()],
  ])('%s → stale=%s', (_what, stale, writer, mtime, f) => {
    expect(isStaleTemporary(writer, mtime, f)).toBe(stale);
  });
});
