'use strict';
// Helpers of bench/incremental.js: touching and rewriting inputs, counting `--json` records, whether
// a run starts a child process (strace, and the process tree sampled from /proc), what a rerun
// wrote, and where a run's main-thread time goes (`node --cpu-prof`).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const sharp = require('sharp');
const { tree } = require('./proc');
const { aptInstall } = require('./install');
const { listed } = require('./race');

/** Sets the atime and mtime of every file in `dir` to now: the same content, a new stat. */
function touchAll(dir) {
  const now = new Date();
  const files = fs.readdirSync(dir);
  for (const f of files) fs.utimesSync(path.join(dir, f), now, now);
  return files.length;
}

/** Counts the file records of a `--json` run by outcome: `skipped unchanged`, `ok settings-changed` … */
function tally(stdout) {
  const counts = {};
  let files = 0;
  let summary;
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line);
    if (r.type === 'summary') summary = r;
    if (r.type !== 'file') continue;
    files += 1;
    const key = r.status === 'skipped' ? `skipped ${r.reason}` : `${r.status} ${r.build ?? '(no build reason)'}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return { files, counts, summary };
}

/** A tally as the report shows it: `2000 records: 2000 skipped unchanged`. */
const shownTally = ({ files, counts }) =>
  `${files} records: ${Object.entries(counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ')}`;

/**
 * Rewrites `n` inputs spread over `dir` with other bytes: the picture mirrored, in the same format.
 * Returns the files and `restore()`, which puts the original bytes back (call it in a `finally`).
 */
async function rewriteSome(dir, n) {
  const names = fs.readdirSync(dir).sort();
  const step = Math.max(1, Math.floor(names.length / n));
  const files = Array.from({ length: n }, (_, i) => path.join(dir, names[i * step]));
  const saved = files.map((f) => [f, fs.readFileSync(f)]);
  const restore = () => {
    for (const [f, bytes] of saved) fs.writeFileSync(f, bytes);
  };
  try {
    for (const [f, bytes] of saved) {
      const { format } = await sharp(bytes).metadata();
      const other = await sharp(bytes).flop().toFormat(format).toBuffer();
      if (other.equals(bytes)) throw new Error(`mirroring ${f} gave the same bytes`);
      fs.writeFileSync(f, other);
    }
  } catch (error) {
    restore();
    throw error;
  }
  return { files, restore };
}

/** Whether strace runs here, installing it with apt-get when allowed; why not, or undefined. */
function haveStrace(install) {
  const ok = () => spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
  if (ok()) return undefined;
  const why = install ? aptInstall(['strace']) : 'not installed (--no-install)';
  return ok() ? undefined : (why ?? 'strace did not install');
}

/**
 * The processes a command starts, from `strace -f -e trace=clone,clone3,fork,vfork,execve`: execve
 * calls after its own, and clone/fork calls without CLONE_THREAD (threads are not processes).
 */
function straceChildren(cmd, args) {
  const log = path.join(os.tmpdir(), `imgbatch-bench-strace-${process.pid}.log`);
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=clone,clone3,fork,vfork,execve', '-o', log, cmd, ...args], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`strace ${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}`);
  const lines = fs.readFileSync(log, 'utf8').split('\n');
  fs.rmSync(log, { force: true });
  const calls = (re) => lines.filter((l) => re.test(l));
  const execs = calls(/\bexecve\(/).length - 1;
  const forks = calls(/\b(v?fork|clone3?)\(/).filter((l) => !l.includes('CLONE_THREAD')).length;
  const threads = calls(/\bclone3?\(/).filter((l) => l.includes('CLONE_THREAD')).length;
  return { execs, forks, threads };
}

/** The most processes seen at once in a command's tree, sampled from /proc every `everyMs` ms. */
function peakTree(cmd, args, everyMs = 2) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore' });
    let peak = 0;
    let samples = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, tree(child.pid).length);
      samples += 1;
    }, everyMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code, peak, samples });
    });
  });
}

/** Each image in an output folder → `size mtime`: what a run wrote shows as a changed entry. */
function snapshot(out) {
  const got = new Map();
  for (const f of listed(out)) {
    const s = fs.statSync(path.join(out, f), { bigint: true });
    got.set(f, `${s.size} ${s.mtimeNs}`);
  }
  return got;
}

/** The files of `after` that are new or changed since `before`. */
const written = (before, after) => [...after].filter(([f, v]) => before.get(f) !== v).map(([f]) => f);

/**
 * Where a Node run's main-thread time goes: runs it under `node --cpu-prof` and sums the profile's
 * self time per function (garbage collector, stat, lstat … are entries of their own).
 */
function profile(script, args) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imgbatch-bench-prof-'));
  try {
    const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, script, ...args], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`node --cpu-prof ${script} exited ${r.status ?? r.signal}`);
    const prof = JSON.parse(fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]), 'utf8'));
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const self = new Map();
    let totalUs = 0;
    prof.samples.forEach((id, i) => {
      const { functionName, url, lineNumber } = byId.get(id).callFrame;
      const file = url === '' ? '' : ` ${url.replace(/^.*\/(dist|node_modules)\//, '$1/').replace(/^node:/, '')}:${lineNumber + 1}`;
      const key = `${functionName || '(anonymous)'}${file}`;
      self.set(key, (self.get(key) ?? 0) + (prof.timeDeltas[i] ?? 0));
      totalUs += prof.timeDeltas[i] ?? 0;
    });
    const top = [...self].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000 }));
    return { totalMs: totalUs / 1000, top };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { touchAll, tally, shownTally, rewriteSome, haveStrace, straceChildren, peakTree, snapshot, written, profile };
