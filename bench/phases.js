#!/usr/bin/env node
'use strict';
// Where the time of one small file goes, one file at a time on one thread (no pool, no relay):
// - imgbatch's worker path: processJob with its blocking file I/O, the read, the sharp pipeline and
//   the write (temporary + rename) timed apart;
// - sharp-cli's path: stream the file into sharp, metadata(), mkdir, toFile;
// - the pixel work alone (a Buffer into sharp, a Buffer out): CPU per file, the part every tool pays.
// Needs `npm run build` (it loads dist/). Usage: node bench/phases.js [--op resize|thumbnail]
//   [--files 400] [--dir bench/.corpus/tiny-2000]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pipeline } = require('node:stream/promises');
const { performance } = require('node:perf_hooks');
const { arg } = require('./lib/args');
const { benchJob } = require('./lib/jobs');

const root = path.resolve(__dirname, '..');
const sharp = require('sharp');
const { processJob, STAGES } = require(path.join(root, 'dist/job/process-job'));
const { blockingFileIO } = require(path.join(root, 'dist/job/file-io'));

sharp.concurrency(1);
sharp.cache(false);
const op = arg('op', 'resize');
const dir = path.resolve(arg('dir', path.join(__dirname, '.corpus', 'tiny-2000')));
const files = fs
  .readdirSync(dir)
  .slice(0, Number(arg('files', 400)))
  .map((f) => path.join(dir, f));
const shape = (img) =>
  op === 'resize' ? img.resize(800, 600, { fit: 'inside', withoutEnlargement: true }) : img.resize(150, 150, { fit: 'cover', position: 'centre' });
const now = () => performance.now();

async function imgbatch(out) {
  const t = { read: 0, pipeline: 0, 'write and rename': 0, total: 0 };
  const timed =
    (key, fn) =>
    async (...args) => {
      const s = now();
      const r = await fn(...args);
      t[key] += now() - s;
      return r;
    };
  const io = {
    exists: blockingFileIO.exists,
    readInput: timed('read', blockingFileIO.readInput),
    writeOutput: timed('write and rename', blockingFileIO.writeOutput),
  };
  const stages = { decode: STAGES.decode, render: timed('pipeline', STAGES.render) };
  const s0 = now();
  for (const [i, f] of files.entries()) {
    const job = benchJob({ id: i, input: f, output: path.join(out, path.basename(f)), outputRoot: out, op });
    const r = await processJob(job, io, stages);
    if (r.status !== 'ok') throw new Error(JSON.stringify(r));
  }
  t.total = now() - s0;
  return t;
}

async function sharpCli(out) {
  const t = { 'stream in, metadata': 0, mkdir: 0, 'toFile (decode, resize, encode, write)': 0, total: 0 };
  const s0 = now();
  for (const f of files) {
    let s = now();
    const image = sharp();
    await pipeline(fs.createReadStream(f), image);
    await image.metadata();
    t['stream in, metadata'] += now() - s;
    s = now();
    await fs.promises.mkdir(out, { recursive: true });
    t.mkdir += now() - s;
    s = now();
    await shape(image.rotate())
      .jpeg({ quality: 85 })
      .toFile(path.join(out, path.basename(f)));
    t['toFile (decode, resize, encode, write)'] += now() - s;
  }
  t.total = now() - s0;
  return t;
}

async function pixels() {
  const bufs = files.map((f) => fs.readFileSync(f));
  const c0 = process.cpuUsage();
  const s0 = now();
  for (const b of bufs) await shape(sharp(b).rotate()).jpeg({ quality: 85 }).toBuffer();
  const c = process.cpuUsage(c0);
  return { 'CPU (user+system)': (c.user + c.system) / 1000, wall: now() - s0 };
}

async function main() {
  const perFile = (t) =>
    Object.entries(t)
      .map(([k, v]) => `${k} ${(v / files.length).toFixed(3)}`)
      .join(', ');
  console.log(`${op}, ${files.length} files of ${dir}, ms per file; round 1 is a warm-up`);
  for (let round = 1; round <= 3; round += 1) {
    for (const [name, fn] of [
      ['imgbatch worker path', imgbatch],
      ['sharp-cli path', sharpCli],
      ['pixel work alone', pixels],
    ]) {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'imgbatch-phases-'));
      const t = await fn(out);
      fs.rmSync(out, { recursive: true, force: true });
      if (round > 1) console.log(`round ${round} ${name}: ${perFile(t)}`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
