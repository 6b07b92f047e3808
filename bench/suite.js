#!/usr/bin/env node
'use strict';
// imgbatch against the tools users would otherwise pick, on the same real photos, the same work.
// Usage: npm run bench [-- --pairs 5 --corpora mixed,short,camera,tiny --ops resize,thumbnail,grayscale,sepia
//                         --tools sharp-cli,im-par,gm-par,vipsthumbnail-par,vipsthumbnail --no-install]
// Peers are installed on demand, never as dependencies of the product: sharp-cli with
// `npm i --prefix bench/.peers`, ImageMagick/GraphicsMagick/libvips-tools/GNU parallel with apt-get
// (as root or with password-less sudo; not with --no-install). A peer that is still missing is
// skipped with a note. Results go to stdout and bench/RESULTS.md (its own sections only: see writeResults).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const sharp = require('sharp');
const { measure, median, time } = require('./lib/proc');
const { buildCorpora } = require('./lib/corpus');
const { dhash, popcount } = require('./lib/dhash');
const { tools, installPeers, CORES } = require('./lib/tools');

const root = path.resolve(__dirname, '..');
const { arg } = require('./lib/args');
const { writeSection } = require('./lib/race');
const PAIRS = Number(arg('pairs', 5));
const CORPORA = arg('corpora', 'mixed,camera,tiny').split(',');
const OPS = arg('ops', 'resize,thumbnail,grayscale,sepia').split(',');
const TOOLS = arg('tools', '') === '' ? undefined : arg('tools', '').split(',');
const INSTALL = !process.argv.includes('--no-install');
const work = path.join(__dirname, '.out');
const corpusDir = path.join(__dirname, '.corpus');

// ---------------------------------------------------------------------------------------------
// Output checks: same count and dimensions as the peer's, and visually equal (dHash distance ≤ 5).

/**
 * Inputs with transparency are left out of the picture check: flattening onto white (imgbatch) or
 * black (several peers) is a choice, not a quality difference. They still count for size checks.
 */
async function compare(outA, outB, checkDims, inDir) {
  const stems = new Map(fs.readdirSync(inDir).map((f) => [path.parse(f).name, path.join(inDir, f)]));
  const a = fs
    .readdirSync(outA)
    .filter((f) => f.endsWith('.jpg'))
    .sort();
  const b = fs
    .readdirSync(outB)
    .filter((f) => f.endsWith('.jpg'))
    .sort();
  if (a.join('|') !== b.join('|')) return `outputs differ: ${a.length} vs ${b.length} files`;
  let worst = 0;
  for (const name of a.filter((_, i) => i % Math.max(1, Math.floor(a.length / 20)) === 0)) {
    const [ma, mb] = await Promise.all([sharp(path.join(outA, name)).metadata(), sharp(path.join(outB, name)).metadata()]);
    if (checkDims && (Math.abs(ma.width - mb.width) > 1 || Math.abs(ma.height - mb.height) > 1))
      return `${name}: ${ma.width}×${ma.height} vs ${mb.width}×${mb.height}`;
    const input = stems.get(path.parse(name).name);
    if (input !== undefined && (await sharp(input).metadata()).hasAlpha) continue;
    worst = Math.max(worst, popcount((await dhash(path.join(outA, name))) ^ (await dhash(path.join(outB, name)))));
  }
  return worst <= 5 ? undefined : `dHash distance ${worst} > 5`;
}

const bytesIn = (dir) => fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
const bytesOut = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0) : 0);

async function run(tool, op, inDir, tag) {
  const out = path.join(work, tag);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const [cmd, args] = tool.cmd(op, inDir, out);
  const m = await measure(cmd, args);
  if (m.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${m.code}: ${m.stderr.slice(0, 500)}`);
  return { ...m, out, bytesOut: bytesOut(out) };
}

// ---------------------------------------------------------------------------------------------

function header(say) {
  const versions = Object.entries(sharp.versions)
    .filter(([k]) => ['sharp', 'vips'].includes(k))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  say(`# imgbatch benchmark results\n`);
  say(
    `Machine: ${CORES} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${versions}; ${new Date().toISOString()}.`,
  );
  say(
    `Command: \`npm run bench -- --pairs ${PAIRS} --corpora ${CORPORA.join(',')} --ops ${OPS.join(',')}\`. Runs alternate A B B A …, ${PAIRS} timed pairs after one warm-up pair, fresh output folders; wall time of the whole process; peak memory = summed RSS of the process tree sampled from /proc every 50 ms, the same way for every tool.\n`,
  );
}

/** One op, imgbatch against one peer: the warm-up pair, PAIRS timed pairs, the check, two rows. */
async function versus({ name, dir, n, mb }, op, [toolName, tool], t, say) {
  const A = [];
  const B = [];
  for (let i = -1; i < PAIRS; i += 1) {
    const order = i % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    const got = {};
    for (const who of order) got[who] = await run(who === 'A' ? t.imgbatch : tool, op, dir, who);
    if (i < 0) continue;
    A.push(got.A);
    B.push(got.B);
  }
  const check = await compare(A.at(-1).out, B.at(-1).out, op === 'resize' || op === 'thumbnail', dir);
  const ratio = median(A.map((a, k) => a.wallMs / B[k].wallMs));
  const walls = (xs) => xs.map((x) => (x.wallMs / 1000).toFixed(3)).join(' ');
  console.log(`pairs ${name} ${op}: imgbatch ${walls(A)} | ${toolName} ${walls(B)} | ratios ${A.map((a, k) => (a.wallMs / B[k].wallMs).toFixed(3)).join(' ')}`);
  const row = (who, xs, r) => {
    const wall = median(xs.map((x) => x.wallMs)) / 1000;
    say(
      `| ${op} | ${who} | ${wall.toFixed(2)} | ${(n / wall).toFixed(1)} | ${(mb / wall).toFixed(1)} | ${median(xs.map((x) => x.peakRssMb)).toFixed(0)} | ${(xs.at(-1).bytesOut / 1e6).toFixed(1)} | ${r} | ${check ?? 'same size, dHash ≤ 5'} |`,
    );
  };
  row('imgbatch', A, '');
  row(toolName, B, `**${ratio.toFixed(2)}**`);
}

async function corpusSection(name, dir, t, say) {
  const corpus = { name, dir, n: fs.readdirSync(dir).length, mb: bytesIn(dir) / 1e6 };
  say(`## ${name} (${corpus.n} files, ${corpus.mb.toFixed(0)} MB)\n`);
  say('| op | tool | median wall s | files/s | MB/s | peak RSS MB | output MB | imgbatch/tool (median of pairs) | outputs |');
  say('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const op of OPS) {
    for (const [toolName, tool] of Object.entries(t)) {
      if (toolName === 'imgbatch' || !tool.ops.includes(op) || (TOOLS !== undefined && !TOOLS.includes(toolName))) continue;
      if (name === 'tiny' && toolName !== 'sharp-cli') continue; // the tiny target is against sharp-cli
      await versus(corpus, op, [toolName, tool], t, say);
    }
  }
  say('');
}

/** Parallel efficiency: Σ of the per-file times at -j 1 against the wall at -j CORES. */
async function parallelism(mixed, say) {
  const bin = path.join(root, 'bin', 'imgbatch.js');
  const j1 = await measure(process.execPath, [bin, 'resize', mixed, '-o', path.join(work, 'j1'), '--format', 'jpeg', '-j', '1', '--json']);
  const perFile = j1.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((r) => r.type === 'file')
    .reduce((s, r) => s + r.ms, 0);
  const jn = await measure(process.execPath, [bin, 'resize', mixed, '-o', path.join(work, 'jn'), '--format', 'jpeg', '--quiet']);
  say(`## Parallelism (mixed, resize)\n`);
  say(
    `- Σ per-file time at -j 1: ${(perFile / 1000).toFixed(2)} s; wall at -j 1: ${(j1.wallMs / 1000).toFixed(2)} s; wall at -j ${CORES}: ${(jn.wallMs / 1000).toFixed(2)} s`,
  );
  say(
    `- parallel efficiency Σ(-j 1 per-file) ÷ (${CORES} × wall -j ${CORES}) = **${(perFile / (CORES * jn.wallMs)).toFixed(2)}** (target ≥ 0.90); speedup -j ${CORES} over -j 1 = ${(j1.wallMs / jn.wallMs).toFixed(2)}×\n`,
  );
}

/**
 * Plan time: discover + plan 10,000 files (hard links to one small JPEG; nothing is decoded).
 * Internals (the library exports only its contract): the compiled modules themselves.
 */
async function planTime(say) {
  const { prepareBatch } = require('../dist/batch/run-batch');
  const { resolveOptions } = require('../dist/core/options');
  const planDir = path.join(corpusDir, 'plan-10000');
  if (!fs.existsSync(planDir) || fs.readdirSync(planDir).length !== 10000) {
    fs.rmSync(planDir, { recursive: true, force: true });
    fs.mkdirSync(planDir, { recursive: true });
    const source = path.join(root, 'fixtures', 'photos', 'landscape.jpg');
    for (let k = 0; k < 10000; k += 1) fs.linkSync(source, path.join(planDir, `${String(k).padStart(5, '0')}.jpg`));
  }
  const planMs = [];
  for (let r = 0; r < 5; r += 1) {
    const t = process.hrtime.bigint();
    const plan = await prepareBatch(resolveOptions({ inputs: [planDir], out: path.join(work, 'never'), op: { op: 'thumbnail', size: 150 } }));
    planMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (plan.jobs.length !== 10000) throw new Error(`planned ${plan.jobs.length} jobs`);
  }
  say(
    `## Plan time\n\n- discover + plan 10,000 files: **${median(planMs).toFixed(0)} ms** (median of 5; runs ${planMs.map((x) => x.toFixed(0)).join(', ')})\n`,
  );
}

function startup(say) {
  const times = { node: [], version: [] };
  for (let i = 0; i < 10; i += 1) {
    times.node.push(time(process.execPath, ['-e', '0']));
    times.version.push(time(process.execPath, [path.join(root, 'bin', 'imgbatch.js'), '--version']));
  }
  const sv = median(times.version);
  const sn = median(times.node);
  say(
    `## Start-up\n\n- \`imgbatch --version\` ${sv.toFixed(0)} ms vs \`node -e 0\` ${sn.toFixed(0)} ms (median of 10): ratio **${(sv / sn).toFixed(2)}** (target ≤ 1.5)\n`,
  );
}

async function main() {
  const corpora = await buildCorpora(CORPORA, { dir: corpusDir, install: INSTALL });
  installPeers(TOOLS, INSTALL);
  const t = tools();
  const lines = [];
  const say = (s = '') => {
    console.log(s);
    lines.push(s);
  };
  header(say);
  for (const [name, dir] of Object.entries(corpora)) await corpusSection(name, dir, t, say);
  if (corpora.mixed) await parallelism(corpora.mixed, say);
  await planTime(say);
  startup(say);
  writeResults(lines);
}

/**
 * Puts this run into RESULTS.md without losing the rest: the preamble and each `## ` section this
 * run measured replace their old text; every other section (corpora of earlier runs, and the
 * sections other scripts and people wrote: design decisions, the races, incremental reruns) stays
 * byte for byte. A file may then hold sections of several runs, so each names its own.
 */
function writeResults(lines) {
  const [preamble = '', ...sections] = lines.join('\n').split(/\n(?=## )/);
  const file = path.join(__dirname, 'RESULTS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const rest = old.indexOf('\n## ');
  fs.writeFileSync(file, `${preamble.trimEnd()}\n${rest < 0 ? '' : old.slice(rest)}`);
  const run = `_Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench -- ${process.argv.slice(2).join(' ')}\`._`;
  for (const section of sections) {
    const [heading = '', ...body] = section.trimEnd().split('\n');
    writeSection(heading, [heading, '', run, ...body]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
