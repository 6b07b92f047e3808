#!/usr/bin/env node
'use strict';
// Memory stays bounded on big batches: peak summed RSS of the whole process tree (every process,
// sampled from /proc) at 10,000 small files must be ≤ 1.2 × the peak at 1,000; also reports the
// time to discover and plan 10,000 files. Usage: npm run bench:memory [-- --runs 3]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const sharp = require('sharp');
const { measure, median } = require('./lib/proc');
// Internals (the library exports only its contract): the compiled modules themselves.
const { prepareBatch } = require('../dist/batch/run-batch');
const { resolveOptions } = require('../dist/core/options');

const root = path.resolve(__dirname, '..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgbatch-bench-memory-'));

async function tinySet(n, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const sources = [];
  for (const [i, name] of ['landscape.jpg', 'portrait-exif6.jpg', 'nested/landscape-exif3.jpg'].entries()) {
    const file = path.join(work, `src${i}.jpg`);
    await sharp(path.join(root, 'fixtures', 'photos', name))
      .resize(160)
      .jpeg({ quality: 80 })
      .toFile(file);
    sources.push(file);
  }
  for (let k = 0; k < n; k += 1) fs.copyFileSync(sources[k % 3], path.join(dir, `${String(k).padStart(5, '0')}.jpg`));
}

async function main() {
  const sets = { 1000: path.join(work, 'tiny-1000'), 10000: path.join(work, 'tiny-10000') };
  for (const [n, dir] of Object.entries(sets)) await tinySet(Number(n), dir);
  console.log(`machine: ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);

  const peaks = {};
  const walls = {};
  for (const [n, dir] of Object.entries(sets)) {
    const p = [];
    const w = [];
    for (let r = 0; r < runs; r += 1) {
      const out = path.join(work, `out-${n}-${r}`);
      const m = await measure(process.execPath, [path.join(root, 'bin', 'imgbatch.js'), 'thumbnail', dir, '-o', out, '--quiet']);
      if (m.code !== 0) throw new Error(`imgbatch exited ${m.code}: ${m.stderr}`);
      p.push(m.peakRssMb);
      w.push(m.wallMs);
      fs.rmSync(out, { recursive: true, force: true });
    }
    peaks[n] = median(p);
    walls[n] = median(w);
    console.log(`${n} files: peak tree RSS ${peaks[n].toFixed(1)} MB (runs: ${p.map((x) => x.toFixed(1)).join(', ')}), wall ${(walls[n] / 1000).toFixed(2)} s`);
  }

  const planMs = [];
  for (let r = 0; r < runs; r += 1) {
    const t = process.hrtime.bigint();
    const plan = await prepareBatch(resolveOptions({ inputs: [sets[10000]], out: path.join(work, 'never'), op: { op: 'thumbnail', size: 150 } }));
    planMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (plan.jobs.length !== 10000) throw new Error(`planned ${plan.jobs.length} jobs`);
  }
  console.log(`discover + plan 10,000 files: ${median(planMs).toFixed(0)} ms (runs: ${planMs.map((x) => x.toFixed(0)).join(', ')})`);

  const ratio = peaks[10000] / peaks[1000];
  console.log(`peak at 10,000 ÷ peak at 1,000 = ${ratio.toFixed(2)} (target ≤ 1.20): ${ratio <= 1.2 ? 'PASS' : 'FAIL'}`);
  fs.rmSync(work, { recursive: true, force: true });
  process.exitCode = ratio <= 1.2 ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
