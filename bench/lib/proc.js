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

/** The root and all its descendants. */
function tree(root) {
  const map = parents();
  const out = [root];
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
function measure(command, args, { cwd, env, everyMs = 20 } = {}) {
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

module.exports = { treeRssKb, measure, median };
