#!/usr/bin/env node
'use strict';
// Two builds of imgbatch on the same command, alternating pairs (A B, B A, …) after one untimed
// round: wall time and peak summed RSS of the process tree (bench/lib/proc.js), median of the
// per-pair ratios B/A. A build is a folder with bin/imgbatch.js and dist/ (a copy of the repo after
// `npm run build`, with node_modules linked). OUT in the arguments is replaced by a fresh folder.
// Usage: node bench/ab.js <pairs> <buildA> <buildB> <imgbatch arguments…>
//   e.g. node bench/ab.js 7 /tmp/base . resize bench/.corpus/mixed-200 -o OUT --format jpeg -q 85 --quiet
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { measure, median } = require('./lib/proc');

const [pairs, A, B, ...rest] = process.argv.slice(2);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgbatch-ab-'));

async function run(build, side) {
  const out = path.join(work, side);
  fs.rmSync(out, { recursive: true, force: true });
  const m = await measure(process.execPath, [path.join(path.resolve(build), 'bin', 'imgbatch.js'), ...rest.map((a) => (a === 'OUT' ? out : a))]);
  if (m.code !== 0) throw new Error(`${build} exited ${m.code}: ${m.stderr.slice(0, 500)}`);
  return m;
}

async function main() {
  await run(A, 'a');
  await run(B, 'b');
  const rows = [];
  for (let i = 0; i < Number(pairs); i += 1) {
    const first = i % 2 === 0 ? 'a' : 'b';
    const x = await run(first === 'a' ? A : B, first);
    const y = await run(first === 'a' ? B : A, first === 'a' ? 'b' : 'a');
    const [a, b] = first === 'a' ? [x, y] : [y, x];
    rows.push({ a, b });
    const s = (m) => `${(m.wallMs / 1000).toFixed(3)} s ${m.peakRssMb.toFixed(0)} MB`;
    console.log(`pair ${i + 1}: A ${s(a)} | B ${s(b)} | B/A ${(b.wallMs / a.wallMs).toFixed(3)}`);
  }
  const med = (f) => median(rows.map(f));
  console.log(
    `median A ${(med((r) => r.a.wallMs) / 1000).toFixed(3)} s ${med((r) => r.a.peakRssMb).toFixed(0)} MB | ` +
      `B ${(med((r) => r.b.wallMs) / 1000).toFixed(3)} s ${med((r) => r.b.peakRssMb).toFixed(0)} MB | ratio B/A ${med((r) => r.b.wallMs / r.a.wallMs).toFixed(3)}`,
  );
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
