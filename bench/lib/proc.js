'use strict';
// Process-tree measurements from /proc, the same way for every command measured.
const fs = require('node:fs');
const { spawn } = require('node:child_process');

/** pid → parent pid, for every process visible in /proc. */
function parents() {
  const map = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses: fields after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      map.set(Number(name), Number(rest[1]));
    } catch {
      // gone
    }
  }
  return map;
}

/** Children of a process, from every one of its threads' /proc/<pid>/task/<tid>/children. */
function children(pid) {
  const out = [];
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text !== '') out.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // gone
  }
  return out;
}

/**
 * The root and all its descendants. Walks /proc/PID/task/TID/children (cheap: only the tree),
 * falling back to a scan of every process where that file is missing (kernels without it).
 */
function tree(root) {
  const out = [root];
  if (fs.existsSync(`/proc/${root}/task/${root}/children`)) {
    for (let i = 0; i < out.length; i += 1) out.push(...children(out[i]));
    return out;
  }
  const map = parents();
  for (let i = 0; i < out.length; i += 1) for (const [pid, ppid] of map) if (ppid === out[i]) out.push(pid);
  return out;
}

/** Summed resident memory (VmRSS) of a process tree in KiB. */
function treeRssKb(root) {
  let kb = 0;
  for (const pid of tree(root)) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      // exited between the listing and the read
    }
  }
  return kb;
}

/**
 * Runs a command and returns its wall time and the peak of its process tree's summed RSS,
 * sampled every `everyMs` ms.
 */
function measure(command, args, { cwd, env, everyMs = 50 } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    let peakKb = 0;
    const timer = setInterval(() => {
      peakKb = Math.max(peakKb, treeRssKb(child.pid));
    }, everyMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ code, signal, wallMs, peakRssMb: peakKb / 1024, stdout, stderr });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Wall time of a command, with no sampling beside it (for start-up times). */
function time(command, args) {
  const started = process.hrtime.bigint();
  const r = require('node:child_process').spawnSync(command, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

module.exports = { tree, treeRssKb, measure, median, time };
