#!/usr/bin/env node
'use strict';
// The race against eleventy-img: `imgbatch resize --widths 320,640,1280 --formats webp,jpeg -q 85`
// against @11ty/eleventy-img's API doing the same (same widths, formats, quality, names, as many
// images in flight as cores). The target: on mixed-200, imgbatch's wall time ≤ 0.6× eleventy-img's
// and its peak memory not above eleventy-img's. Also camera-80, and an AVIF set (no target).
// Usage: npm run bench:eleventy [-- --pairs 3 --corpora mixed,camera,avif --breakdown mixed --no-install]
// IMGBATCH_ROOT=<checkout> runs that checkout's bin/imgbatch.js (default: the repo this file is in).
// Results go to stdout and to the section "## The race against eleventy-img" of bench/RESULTS.md.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const sharp = require('sharp');
const { median } = require('./lib/proc');
const { buildCorpora } = require('./lib/corpus');
const { eleventyImg } = require('./lib/install');
const { plan, run, check, writeSection } = require('./lib/race');
const { breakdown } = require('./lib/breakdown');

const { arg } = require('./lib/args');
const PAIRS = Number(arg('pairs', 3));
const SETS = arg('corpora', 'mixed,camera,avif').split(',');
const BREAKDOWN = arg('breakdown', 'mixed').split(',');
const INSTALL = !process.argv.includes('--no-install');
const repo = path.resolve(__dirname, '..');
const ROOT = path.resolve(process.env.IMGBATCH_ROOT ?? repo);
const WIDTHS = [320, 640, 1280];
const EXT = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };
const SECTION = '## The race against eleventy-img';
const work = path.join(__dirname, '.out', 'eleventy');
const AVIF_FILES = 6;

/**
 * The sets raced: a corpus and the quality per output format. The AVIF set is the first files of
 * camera-80 (6 different 12 MP photos, one with EXIF orientation 6): AVIF at 1280 px costs about
 * 5 s per output on this machine, and the whole default run is kept near 20 minutes. AVIF at 50
 * on both sides: eleventy-img's default (sharp's); WebP and JPEG at 85.
 */
const sets = {
  mixed: { corpus: 'mixed', quality: { webp: 85, jpeg: 85 } },
  camera: { corpus: 'camera', quality: { webp: 85, jpeg: 85 } },
  avif: { corpus: 'camera', first: AVIF_FILES, quality: { avif: 50, webp: 85, jpeg: 85 } },
};

/** The first `n` files of `dir` in a folder of their own (kept when it is there already). */
function firstFiles(dir, n) {
  const out = `${dir.replace(/-\d+$/, '')}-${n}`;
  if (fs.existsSync(out) && fs.readdirSync(out).length === n) return out;
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const f of fs.readdirSync(dir).sort().slice(0, n)) fs.copyFileSync(path.join(dir, f), path.join(out, f));
  return out;
}

/** imgbatch: one command, each input decoded once for all its outputs (isolation on, its default). */
const imgbatch = (dir, quality) => (out) => {
  const formats = Object.keys(quality);
  const q = (f) => quality[f] ?? 85;
  const own = formats.filter((f) => q(f) !== 85).flatMap((f) => [`--quality-${f}`, String(q(f))]);
  const args = ['resize', dir, '-o', out, '--widths', WIDTHS.join(','), '--formats', formats.join(','), '-q', '85', ...own, '--quiet'];
  return [process.execPath, [path.join(ROOT, 'bin', 'imgbatch.js'), ...args]];
};

/** eleventy-img: its API from a Node script of its own (bench/lib/eleventy-run.mjs). */
const eleventy = (main, dir, quality) => (out) => [
  process.execPath,
  [
    path.join(__dirname, 'lib', 'eleventy-run.mjs'),
    main,
    dir,
    out,
    WIDTHS.join(','),
    Object.entries(quality)
      .map(([f, q]) => `${f}=${q}`)
      .join(','),
  ],
];

/** A command as the report shows it: `<corpus>`, `<out>`, repo-relative paths, `node`. */
const shown = ([, args], dir, main) =>
  ['node', ...args].join(' ').replaceAll(dir, '<corpus>').replaceAll(main, '<eleventy-img>').replaceAll(`${repo}${path.sep}`, '');

/** Alternating pairs on fresh output folders: one warm-up pair, then PAIRS timed pairs. */
async function race(label, sides) {
  const got = { A: [], B: [] };
  for (let i = -1; i < PAIRS; i += 1) {
    const pair = {};
    for (const who of i % 2 === 0 ? ['A', 'B'] : ['B', 'A']) pair[who] = await run(sides[who], path.join(work, `${label}-${who}`));
    console.error(
      `${label} pair ${i < 0 ? 'warm-up' : i + 1}: imgbatch ${(pair.A.wallMs / 1000).toFixed(2)} s, eleventy-img ${(pair.B.wallMs / 1000).toFixed(2)} s`,
    );
    if (i < 0) continue;
    got.A.push(pair.A);
    got.B.push(pair.B);
  }
  return got;
}

async function main() {
  const corpora = await buildCorpora([...new Set(SETS.map((s) => sets[s].corpus))], { dir: path.join(__dirname, '.corpus'), install: INSTALL });
  const peer = eleventyImg();
  if (peer === undefined) throw new Error('@11ty/eleventy-img (7.x or 6.x) could not be installed into bench/.peers-eleventy, or does not run on this Node');
  const version = (dir) => spawnSync('git', ['-C', dir, 'log', '-1', '--format=%h %s'], { encoding: 'utf8' }).stdout?.trim() || 'unknown';
  const lines = [];
  const say = (s = '') => {
    console.log(s);
    lines.push(s);
  };
  say(`${SECTION}\n`);
  say(
    `Machine: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown'}); Node ${process.version}; sharp ${sharp.versions.sharp}, vips ${sharp.versions.vips}; @11ty/eleventy-img ${peer.version} (its own sharp ${require(path.join(path.dirname(peer.main), '..', '..', 'sharp', 'package.json')).version}); imgbatch at \`${version(ROOT)}\`; ${new Date().toISOString()}.`,
  );
  say(
    `Command: \`npm run bench:eleventy -- --pairs ${PAIRS} --corpora ${SETS.join(',')} --breakdown ${BREAKDOWN.join(',')}\`. Timed pairs: ${PAIRS}, after one warm-up pair, alternating A B, B A …, a fresh output folder for every run. Peak RSS: summed RSS of the process tree, sampled every 50 ms. Target on mixed-200 (webp + jpeg): imgbatch ÷ eleventy-img ≤ 0.60, and imgbatch's peak RSS not above eleventy-img's.\n`,
  );
  say('| set | side | median wall s | imgbatch ÷ eleventy-img (median of pairs) | peak RSS MB (median) | outputs | MB out | checks |');
  say('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  const commands = [];
  const verdicts = [];
  const breakdowns = [];
  for (const name of SETS) {
    const set = sets[name];
    const dir = set.first === undefined ? corpora[set.corpus] : firstFiles(corpora[set.corpus], set.first);
    const planned = await plan(
      dir,
      WIDTHS,
      Object.keys(set.quality).map((f) => EXT[f]),
    );
    const label = `${path.basename(dir)} ${Object.keys(set.quality).join('+')}`;
    fs.mkdirSync(work, { recursive: true });
    const sides = { A: imgbatch(dir, set.quality), B: eleventy(peer.main, dir, set.quality) };
    const { A, B } = await race(path.basename(dir), sides);
    const checks = await check({ imgbatch: A.at(-1).out, 'eleventy-img': B.at(-1).out }, planned);
    const ratio = median(A.map((a, k) => a.wallMs / B[k].wallMs));
    const rss = (xs) => median(xs.map((x) => x.peakRssMb));
    const row = (who, xs, r) =>
      say(
        `| ${label} | ${who} | ${(median(xs.map((x) => x.wallMs)) / 1000).toFixed(2)} | ${r} | ${rss(xs).toFixed(0)} | ${xs.at(-1).outputs} | ${xs.at(-1).mb.toFixed(1)} | ${checks} |`,
      );
    row('imgbatch', A, '');
    row('eleventy-img', B, `**${ratio.toFixed(2)}**`);
    const q = Object.entries(set.quality)
      .map(([f, v]) => `${f} ${v}`)
      .join(', ');
    verdicts.push(
      `- ${label} (quality ${q}): per-pair ratios ${A.map((a, k) => (a.wallMs / B[k].wallMs).toFixed(2)).join(', ')}; peak RSS per run imgbatch ${A.map((a) => a.peakRssMb.toFixed(0)).join(', ')} MB, eleventy-img ${B.map((b) => b.peakRssMb.toFixed(0)).join(', ')} MB.` +
        (name === 'mixed'
          ? ` Target: ratio ${ratio.toFixed(2)} ≤ 0.60 ${ratio <= 0.6 ? 'met' : 'NOT met'}; RSS ${rss(A).toFixed(0)} ≤ ${rss(B).toFixed(0)} MB ${rss(A) <= rss(B) ? 'met' : 'NOT met'}.`
          : ''),
    );
    commands.push(
      `- imgbatch (${label}): \`${shown(sides.A('<out>'), dir, peer.main)}\``,
      `- eleventy-img (${label}): \`${shown(sides.B('<out>'), dir, peer.main)}\``,
    );
    if (BREAKDOWN.includes(name)) {
      console.error(`${label}: where the time goes …`);
      breakdowns.push(
        `**Where the time goes, ${label}** (seconds summed over the ${planned.inputs.length} inputs):\n`,
        ...(await breakdown({ planned, widths: WIDTHS, quality: set.quality, work, imgbatch: sides.A })),
        '',
      );
    }
  }
  say('');
  for (const n of [...verdicts, ...commands]) say(n);
  say(
    "\neleventy-img is driven as a build script would (bench/lib/eleventy-run.mjs): `Image(file, options)` for every file at once, `Image.concurrency` = cores, `useCache: false`, `filenameFormat` → `<name>-<width>.<ext>`, quality through `sharpWebpOptions`/`sharpJpegOptions`/`sharpAvifOptions`, and `minimumThreshold: Infinity` so that a width above the source's is not replaced by the source's own width (imgbatch does not make it). For every output it clones the input pipeline, so each output decodes the file again (shrinking on load for JPEG and WebP); it applies EXIF orientations 5–8 only (`fixOrientation` is off by default) and keeps the ICC profile.\n",
  );
  if (breakdowns.length > 0) {
    say(
      "Where the time goes: imgbatch `--json` gives each output's `ms` (resize from the shared pixels, encoder, write) and each input's; the rest of the input's is the read, the one decode and the bookkeeping. eleventy-img reports no times, so both pipelines are also replayed with sharp step by step (bench/lib/breakdown.js), each step to raw pixels and timed on its own, as many inputs at once as cores: eleventy-img's decode and resize run in one libvips pipeline (shrink-on-load) and are not separated.\n",
    );
    for (const n of breakdowns) say(n);
  }
  writeSection(SECTION, lines);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
