#!/usr/bin/env node
'use strict';
// The cost of crash isolation: imgbatch with its supervised child process (the default) against
// the same pool in its own process (--no-isolate), on 200 real photos, measured in one run.
// Runs alternate A B A B … on fresh output folders; the median of the pair ratios is reported.
// Usage: npm run bench:isolation [-- --pairs 5 --op resize]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { measure, median } = require('./lib/proc');
const { realPhotos, roundRobin } = require('./lib/corpus');

const { arg } = require('./lib/args');
const pairs = Number(arg('pairs', 5));
const ops = arg('op', 'resize,thumbnail').split(',');
const root = path.resolve(__dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgbatch-bench-isolation-'));

async function main() {
  const corpus = path.join(work, 'mixed-200');
  const bytes = roundRobin(realPhotos(), 200, corpus);
  console.log(`corpus: 200 real photos (JPEG + PNG from /usr/share/backgrounds), ${(bytes / 1e6).toFixed(0)} MB`);
  console.log(`machine: ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);
  const cmd = (op, out, isolate) => [
    path.join(root, 'bin', 'imgbatch.js'),
    ...op.split(' '),
    corpus,
    '-o',
    out,
    '--quiet',
    ...(isolate ? [] : ['--no-isolate']),
  ];
  for (const op of ops) {
    const a = [];
    const b = [];
    for (let i = -1; i < pairs; i += 1) {
      const order = i % 2 === 0 ? [true, false] : [false, true];
      const times = {};
      for (const isolate of order) {
        const out = path.join(work, `out-${isolate}`);
        fs.rmSync(out, { recursive: true, force: true });
        const m = await measure(process.execPath, cmd(op, out, isolate));
        if (m.code !== 0) throw new Error(`imgbatch exited ${m.code}: ${m.stderr}`);
        times[isolate] = m;
      }
      if (i < 0) continue; // warm-up pair: page cache
      a.push(times.true);
      b.push(times.false);
    }
    const ratios = a.map((x, k) => x.wallMs / b[k].wallMs);
    const fmt = (xs) => xs.map((x) => (x.wallMs / 1000).toFixed(2)).join(' ');
    console.log(`\n${op}: isolated (default) vs in-process (--no-isolate), ${pairs} pairs`);
    console.log(
      `  isolated   wall s: ${fmt(a)}  median ${(median(a.map((x) => x.wallMs)) / 1000).toFixed(2)}  peak tree RSS ${median(a.map((x) => x.peakRssMb)).toFixed(0)} MB`,
    );
    console.log(
      `  in-process wall s: ${fmt(b)}  median ${(median(b.map((x) => x.wallMs)) / 1000).toFixed(2)}  peak tree RSS ${median(b.map((x) => x.peakRssMb)).toFixed(0)} MB`,
    );
    console.log(`  median ratio isolated/in-process = ${median(ratios).toFixed(3)} (target ≤ 1.05): ${median(ratios) <= 1.05 ? 'PASS' : 'FAIL'}`);
  }
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
