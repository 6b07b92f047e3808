#!/usr/bin/env node
'use strict';
// Incremental reruns: `imgbatch resize --widths 320,640,1280 --formats webp,jpeg -q 85 --incremental`
// run again on an output folder it built. The targets, on tiny-2000 and mixed-200: a no-change
// rerun ≤ 0.05× the full build's wall time; a rerun after touching every input (same bytes, new mtime,
// so every input is hashed) ≤ 0.10×, with every input reported unchanged; on 10,000 inputs a no-change
// rerun ≤ 1.5 s. Also: one changed option rebuilds everything, 10 changed inputs exactly 10; a
// no-change rerun starts no child process; eleventy-img's rerun with its disk cache beside it.
// Usage: npm run bench:incremental [-- --rounds 3 --corpora tiny,mixed --big 10000 --no-eleventy --no-install]
// IMGBATCH_ROOT=<checkout> runs that checkout's bin/imgbatch.js (default: the repo this file is in).
// Results go to stdout and to the section "## Incremental reruns" of bench/RESULTS.md.
const fs = require('node:fs');
const path = require('node:path');
const { measure } = require('./lib/proc');
const { buildCorpora, roundRobin, listed: sorted } = require('./lib/corpus');
const { eleventyImg } = require('./lib/install');
const { listed, writeSection } = require('./lib/race');
const checks = require('./lib/incremental-checks');
const { report } = require('./lib/incremental-report');

const { arg } = require('./lib/args');
const ROUNDS = Number(arg('rounds', 3));
const CORPORA = arg('corpora', 'tiny,mixed').split(',').filter(Boolean);
const BIG = Number(arg('big', 10000));
const ELEVENTY = !process.argv.includes('--no-eleventy');
const INSTALL = !process.argv.includes('--no-install');
const ROOT = path.resolve(process.env.IMGBATCH_ROOT ?? path.resolve(__dirname, '..'));
const BIN = path.join(ROOT, 'bin', 'imgbatch.js');
const WIDTHS = '320,640,1280';
const CHANGED = 10;
const corpusDir = path.join(__dirname, '.corpus');
const work = path.join(__dirname, '.out', 'incremental');

/** imgbatch's incremental run of `dir` into `out`: `--quiet`, or `--json` to count the records. */
const imgbatch = (dir, out, { json = false, q = 85, job } = {}) => [
  process.execPath,
  [BIN, 'resize', dir, '-o', out, ...(job ?? ['--widths', WIDTHS, '--formats', 'webp,jpeg', '-q', String(q)]), '--incremental', json ? '--json' : '--quiet'],
];

/** eleventy-img's API with its caches on, as by default (bench/lib/eleventy-run.mjs … cache). */
const eleventy = (main, dir, out, q = 85) => [
  process.execPath,
  [path.join(__dirname, 'lib', 'eleventy-run.mjs'), main, dir, out, WIDTHS, `webp=${q},jpeg=${q}`, 'cache'],
];

/** Runs a command to the end (it must succeed): wall time of its process tree, stdout. */
async function timed([cmd, args]) {
  const m = await measure(cmd, args);
  if (m.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${m.code ?? m.signal}: ${m.stderr.slice(0, 500)}`);
  return m;
}

const fresh = (out) => {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  return out;
};

/** imgbatch's part of a round: full build F in a fresh folder, no-change rerun R, rerun after touching T. */
async function imgbatchRound(dir, out, got) {
  got.F.push((await timed(imgbatch(dir, fresh(out)))).wallMs);
  got.R.push((await timed(imgbatch(dir, out))).wallMs);
  checks.touchAll(dir);
  const t = await timed(imgbatch(dir, out, { json: true }));
  got.T.push(t.wallMs);
  got.touched.push(checks.tally(t.stdout));
}

/** Rounds on one corpus, imgbatch first in odd rounds and eleventy-img first in even ones. */
async function rounds(dir, peer) {
  const name = path.basename(dir);
  const outs = { imgbatch: path.join(work, `${name}-imgbatch`), eleventy: path.join(work, `${name}-eleventy`) };
  const got = { F: [], R: [], T: [], touched: [], EF: [], ER: [] };
  for (let i = 0; i < ROUNDS; i += 1) {
    for (const who of i % 2 === 0 ? ['imgbatch', 'eleventy'] : ['eleventy', 'imgbatch']) {
      if (who === 'imgbatch') await imgbatchRound(dir, outs.imgbatch, got);
      if (who === 'eleventy' && peer !== undefined) {
        got.EF.push((await timed(eleventy(peer.main, dir, fresh(outs.eleventy)))).wallMs);
        got.ER.push((await timed(eleventy(peer.main, dir, outs.eleventy))).wallMs);
      }
    }
    const s = (xs) => (xs.length > 0 ? `${(xs.at(-1) / 1000).toFixed(2)} s` : '-');
    console.error(`${name} round ${i + 1}: imgbatch F ${s(got.F)}, R ${s(got.R)}, T ${s(got.T)}; eleventy-img full ${s(got.EF)}, rerun ${s(got.ER)}`);
  }
  return { got, outs };
}

/**
 * The untimed checks on imgbatch's last output folder: the no-change rerun's records and child
 * processes (strace and the /proc tree; the touched rerun, which reads headers in its worker process,
 * as the control), a deleted output, one changed option (-q 84), then 10 rewritten inputs.
 */
async function imgbatchChecks(dir, out, straceMissing) {
  const json = async (options) => checks.tally((await timed(imgbatch(dir, out, { json: true, ...options }))).stdout);
  const facts = { noChange: await json() };
  const quiet = imgbatch(dir, out);
  facts.strace = straceMissing === undefined ? checks.straceChildren(...quiet) : undefined;
  facts.tree = await checks.peakTree(...quiet);
  checks.touchAll(dir);
  facts.straceTouched = straceMissing === undefined ? checks.straceChildren(...quiet) : undefined;
  checks.touchAll(dir);
  facts.treeTouched = await checks.peakTree(...quiet);
  facts.victim = listed(out)[0];
  fs.rmSync(path.join(out, facts.victim));
  facts.deleted = await json();
  const settings = await timed(imgbatch(dir, out, { json: true, q: 84 }));
  facts.settings = { ...checks.tally(settings.stdout), wallMs: settings.wallMs };
  const changed = await checks.rewriteSome(dir, CHANGED);
  try {
    const content = await timed(imgbatch(dir, out, { json: true, q: 84 }));
    facts.content = { ...checks.tally(content.stdout), wallMs: content.wallMs, rewritten: changed.files.map((f) => path.basename(f)) };
  } finally {
    changed.restore();
  }
  return facts;
}

/**
 * What eleventy-img's rerun notices, on its last output folder: which outputs a rerun writes after
 * one output is deleted, after one input is rewritten (mirrored), and with quality 84 instead of 85.
 */
async function eleventyProbes(peer, dir, out) {
  const rerun = (q) => timed(eleventy(peer.main, dir, out, q));
  const facts = { total: listed(out).length };
  let before = checks.snapshot(out);
  facts.victim = [...before.keys()][0];
  fs.rmSync(path.join(out, facts.victim));
  await rerun();
  let after = checks.snapshot(out);
  facts.deleted = checks.written(before, after);
  const changed = await checks.rewriteSome(dir, 1);
  try {
    before = after;
    await rerun();
    after = checks.snapshot(out);
  } finally {
    changed.restore();
  }
  const stem = path.parse(changed.files[0]).name;
  facts.input = path.basename(changed.files[0]);
  facts.itsOutputs = [...after.keys()].filter((f) => f.startsWith(`${stem}-`) && /^\d+\.\w+$/.test(f.slice(stem.length + 1))).length;
  facts.content = checks.written(before, after);
  before = after;
  await rerun(84);
  facts.quality = checks.written(before, checks.snapshot(out));
  return facts;
}

/** BIG copies of the tiny sources (the tiny corpus's own rule): built once with --width 100, then reruns. */
async function big(tinyDir) {
  const dir = path.join(corpusDir, `tiny-${BIG}`);
  const sources = path.join(corpusDir, 'tiny-sources');
  if (!fs.existsSync(dir) || fs.readdirSync(dir).length !== BIG) roundRobin(sorted(fs.existsSync(sources) ? sources : tinyDir), BIG, dir);
  const out = fresh(path.join(work, `tiny-${BIG}-imgbatch`));
  const job = ['--width', '100'];
  console.error(`tiny-${BIG}: full build …`);
  const F = (await timed(imgbatch(dir, out, { job }))).wallMs;
  const R = [];
  for (let i = 0; i < ROUNDS; i += 1) R.push((await timed(imgbatch(dir, out, { job }))).wallMs);
  console.error(`tiny-${BIG}: full ${(F / 1000).toFixed(2)} s, reruns ${R.map((r) => (r / 1000).toFixed(2)).join(', ')} s`);
  const check = checks.tally((await timed(imgbatch(dir, out, { job, json: true }))).stdout);
  const prof = checks.profile(BIN, imgbatch(dir, out, { job })[1].slice(1));
  return { dir, F, R, check, prof, command: imgbatch('<corpus>', '<out>', { job }) };
}

async function main() {
  // The big corpus is made of the tiny corpus's sources.
  const corpora = await buildCorpora(BIG > 0 ? [...new Set([...CORPORA, 'tiny'])] : CORPORA, { dir: corpusDir, install: INSTALL });
  const peer = ELEVENTY ? eleventyImg() : undefined;
  if (ELEVENTY && peer === undefined)
    throw new Error('@11ty/eleventy-img (7.x or 6.x) could not be installed into bench/.peers-eleventy (or use --no-eleventy)');
  const straceMissing = checks.haveStrace(INSTALL);
  if (straceMissing !== undefined) console.error(`note: strace unavailable (${straceMissing}): child processes are checked from /proc only`);
  fs.mkdirSync(work, { recursive: true });
  const sets = [];
  for (const name of CORPORA) {
    const dir = corpora[name];
    const n = fs.readdirSync(dir).length;
    const { got, outs } = await rounds(dir, peer);
    console.error(`${path.basename(dir)}: checks …`);
    const facts = await imgbatchChecks(dir, outs.imgbatch, straceMissing);
    const probes = peer === undefined ? undefined : await eleventyProbes(peer, dir, outs.eleventy);
    sets.push({ label: path.basename(dir), dir, n, got, facts, probes });
  }
  const bigRun = BIG > 0 ? await big(corpora.tiny) : undefined;
  const lines = report({
    sets,
    big: bigRun,
    peer,
    straceMissing,
    root: ROOT,
    rounds: ROUNDS,
    changed: CHANGED,
    argv: `--rounds ${ROUNDS} --corpora ${CORPORA.join(',')} --big ${BIG}${ELEVENTY ? '' : ' --no-eleventy'}`,
    commands: { imgbatch: imgbatch('<corpus>', '<out>'), eleventy: peer === undefined ? undefined : eleventy('<eleventy-img>', '<corpus>', '<out>') },
  });
  for (const line of lines) console.log(line);
  writeSection('## Incremental reruns', lines);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
