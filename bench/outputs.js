#!/usr/bin/env node
'use strict';
// Several outputs from one decode: `imgbatch resize --widths 320,640,1280 --formats webp,jpeg`
// (up to 6 outputs per input, <name>-<width>.<ext>, no enlarging) against what a user would script
// instead: six sharp-cli runs, one per width × format, one after the other. The issue's target: on
// mixed-200 with a fresh output folder, imgbatch's wall time ≤ 0.5× the six runs'.
// Usage: npm run bench:outputs [-- --pairs 5 --corpora mixed,camera --no-install]
// IMGBATCH_ROOT=<checkout> runs that checkout's bin/imgbatch.js (default: the repo this file is in).
// Results go to stdout and to the section "## Several outputs per input" of bench/RESULTS.md.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const sharp = require('sharp');
const { measure, median } = require('./lib/proc');
const { buildCorpora } = require('./lib/corpus');
const { dhash, popcount } = require('./lib/dhash');
const { sharpCli } = require('./lib/install');

const { arg } = require('./lib/args');
const PAIRS = Number(arg('pairs', 5));
const CORPORA = arg('corpora', 'mixed,camera').split(',');
const INSTALL = !process.argv.includes('--no-install');
const repo = path.resolve(__dirname, '..');
const ROOT = path.resolve(process.env.IMGBATCH_ROOT ?? repo);
const WIDTHS = [320, 640, 1280];
/** Output format → the extension both sides write. */
const FORMATS = { webp: 'webp', jpeg: 'jpg' };
const SECTION = '## Several outputs per input';
const work = path.join(__dirname, '.out', 'outputs');

/**
 * The inputs (width after EXIF orientation, transparency) and the outputs both sides must make:
 * `<name>-<width>.<ext>` for every width up to the input's own, in every format.
 */
async function plan(inDir) {
  const inputs = [];
  for (const f of fs.readdirSync(inDir).sort()) {
    const m = await sharp(path.join(inDir, f)).metadata();
    inputs.push({ file: path.join(inDir, f), stem: path.parse(f).name, width: (m.orientation ?? 1) >= 5 ? m.height : m.width, alpha: m.hasAlpha });
  }
  const expected = new Map();
  for (const input of inputs) {
    for (const w of WIDTHS.filter((x) => x <= input.width)) for (const ext of Object.values(FORMATS)) expected.set(`${input.stem}-${w}.${ext}`, input);
  }
  return { inputs, expected };
}

/** imgbatch: one command; each input is decoded once for all its outputs. */
const imgbatch = (inDir) => (out) => [
  [
    process.execPath,
    [
      path.join(ROOT, 'bin', 'imgbatch.js'),
      'resize',
      inDir,
      '-o',
      out,
      '--widths',
      WIDTHS.join(','),
      '--formats',
      Object.keys(FORMATS).join(','),
      '-q',
      '85',
      '--quiet',
    ],
  ],
];

/**
 * sharp-cli: six runs, each like suite.js's (`find | xargs sharp`). A run is given only the inputs
 * at least as wide as its width: --withoutEnlargement would still write a copy of a narrower one,
 * which imgbatch does not make, and the two sides would no longer do the same work.
 */
const sixSharpCli = (cli, inDir, inputs) => (out) =>
  WIDTHS.flatMap((w) => {
    const fit = inputs.filter((i) => i.width >= w);
    if (fit.length === 0) return [];
    let list = `find '${inDir}' -maxdepth 1 -type f | LC_ALL=C sort`;
    if (fit.length < inputs.length) {
      list = `cat '${path.join(work, `inputs-${w}.txt`)}'`;
      fs.writeFileSync(path.join(work, `inputs-${w}.txt`), fit.map((i) => `${i.file}\n`).join(''));
    }
    return Object.entries(FORMATS).map(([format, ext]) => [
      'bash',
      ['-c', `${list} | xargs -d '\\n' '${cli}' -o '${out}/{name}-${w}.${ext}' -f ${format} -q 85 --autoOrient resize ${w} --withoutEnlargement -i`],
    ]);
  });

/** A command as the report shows it: `<corpus>`, repo-relative paths, `node`, `sharp`. */
const shown = ([cmd, args], cli, dir) =>
  (cmd === 'bash' ? args[1] : ['node', ...args].join(' ')).replaceAll(dir, '<corpus>').replaceAll(`'${cli}'`, 'sharp').replaceAll(`${repo}${path.sep}`, '');

/** The images in an output folder: not imgbatch's `.imgbatch-ledger` (its record of what it wrote) nor other dot files. */
const listed = (dir) =>
  fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => !path.basename(f).startsWith('.') && fs.statSync(path.join(dir, f)).isFile())
    .sort();

/** Runs a side's commands one after the other on a fresh output folder: wall time summed, peak RSS the largest. */
async function run(commands, tag) {
  const out = path.join(work, tag);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const got = { wallMs: 0, peakRssMb: 0, out, each: [] };
  for (const [cmd, args] of commands(out)) {
    const m = await measure(cmd, args);
    if (m.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${m.code ?? m.signal}: ${m.stderr.slice(0, 500)}`);
    got.wallMs += m.wallMs;
    got.each.push(m.wallMs);
    got.peakRssMb = Math.max(got.peakRssMb, m.peakRssMb);
  }
  const files = listed(out);
  return { ...got, outputs: files.length, mb: files.reduce((n, f) => n + fs.statSync(path.join(out, f)).size, 0) / 1e6 };
}

/**
 * The same set of outputs on both sides as planned; for every output the same format and the same
 * dimensions (±1 px); a dHash distance ≤ 5 for every output of every 10th input, leaving out inputs
 * with transparency (flattening onto white or black is a choice, not a quality difference).
 */
async function check(outA, outB, { inputs, expected }) {
  const problems = [];
  for (const [who, out] of [
    ['imgbatch', outA],
    ['sharp-cli', outB],
  ]) {
    const got = listed(out);
    const missing = [...expected.keys()].filter((f) => !got.includes(f));
    const extra = got.filter((f) => !expected.has(f));
    if (missing.length > 0) problems.push(`${who} lacks ${missing.length} (${missing.slice(0, 3).join(', ')})`);
    if (extra.length > 0) problems.push(`${who} made ${extra.length} unplanned (${extra.slice(0, 3).join(', ')})`);
  }
  let worst = 0;
  let pictures = 0;
  for (const [name, input] of expected) {
    const [a, b] = [path.join(outA, name), path.join(outB, name)];
    if (!fs.existsSync(a) || !fs.existsSync(b)) continue;
    const [ma, mb] = await Promise.all([sharp(a).metadata(), sharp(b).metadata()]);
    if (ma.format !== mb.format || Math.abs(ma.width - mb.width) > 1 || Math.abs(ma.height - mb.height) > 1)
      problems.push(`${name}: ${ma.format} ${ma.width}×${ma.height} vs ${mb.format} ${mb.width}×${mb.height}`);
    if (input.alpha || inputs.indexOf(input) % 10 !== 0) continue;
    worst = Math.max(worst, popcount((await dhash(a)) ^ (await dhash(b))));
    pictures += 1;
  }
  if (worst > 5) problems.push(`dHash distance ${worst} > 5`);
  return problems.length > 0 ? problems.slice(0, 4).join('; ') : `same ${expected.size}, same sizes, dHash ≤ 5 (${pictures} pictures)`;
}

/** Replaces the section in RESULTS.md (or appends it), keeping everything else in the file. */
function writeSection(lines) {
  const file = path.join(__dirname, 'RESULTS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const text = `${lines.join('\n')}\n`;
  const start = old.startsWith(`${SECTION}\n`) ? 0 : old.indexOf(`\n${SECTION}\n`) + 1;
  if (start === 0 && !old.startsWith(`${SECTION}\n`)) return fs.writeFileSync(file, old === '' ? text : `${old.trimEnd()}\n\n${text}`);
  const next = old.indexOf('\n## ', start + SECTION.length);
  return fs.writeFileSync(file, `${old.slice(0, start)}${text}${next < 0 ? '' : old.slice(next)}`);
}

async function main() {
  const corpora = await buildCorpora(CORPORA, { dir: path.join(__dirname, '.corpus'), install: INSTALL });
  const cli = sharpCli();
  if (cli === undefined) throw new Error('sharp-cli 6 could not be installed into bench/.peers (npm i --prefix bench/.peers sharp-cli@6)');
  const version = (dir) => spawnSync('git', ['-C', dir, 'log', '-1', '--format=%h %s'], { encoding: 'utf8' }).stdout?.trim() || 'unknown';
  const vips = `sharp ${sharp.versions.sharp}, vips ${sharp.versions.vips}`;
  const lines = [];
  const say = (s = '') => {
    console.log(s);
    lines.push(s);
  };
  say(`${SECTION}\n`);
  say(
    `Machine: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown'}); Node ${process.version}; ${vips}; sharp-cli ${spawnSync(cli, ['--version'], { encoding: 'utf8' }).stdout.trim()}; imgbatch at \`${version(ROOT)}\`; ${new Date().toISOString()}.`,
  );
  say(
    `Command: \`npm run bench:outputs -- --pairs ${PAIRS} --corpora ${CORPORA.join(',')}\`. Timed pairs: ${PAIRS}, after one warm-up pair, alternating A B, B A …, a fresh output folder for every run. The six sharp-cli runs' wall is their sum and their peak RSS the largest of the six (summed RSS of the process tree, sampled every 50 ms). Target on mixed-200: imgbatch ÷ six sharp-cli ≤ 0.50.\n`,
  );
  say('| corpus | side | median wall s | imgbatch ÷ six sharp-cli (median of pairs) | peak RSS MB | outputs | MB out | checks |');
  say('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  const commands = [];
  const walls = [];
  for (const [name, dir] of Object.entries(corpora)) {
    const planned = await plan(dir);
    const label = `${name}-${planned.inputs.length}`;
    fs.mkdirSync(work, { recursive: true });
    const sides = { A: imgbatch(dir), B: sixSharpCli(cli, dir, planned.inputs) };
    const A = [];
    const B = [];
    for (let i = -1; i < PAIRS; i += 1) {
      const got = {};
      for (const who of i % 2 === 0 ? ['A', 'B'] : ['B', 'A']) got[who] = await run(sides[who], `${name}-${who}`);
      console.error(
        `${label} pair ${i < 0 ? 'warm-up' : i + 1}: imgbatch ${(got.A.wallMs / 1000).toFixed(2)} s, six sharp-cli ${(got.B.wallMs / 1000).toFixed(2)} s`,
      );
      if (i < 0) continue;
      A.push(got.A);
      B.push(got.B);
    }
    const checks = await check(A.at(-1).out, B.at(-1).out, planned);
    const ratio = median(A.map((a, k) => a.wallMs / B[k].wallMs));
    const row = (who, xs, r) =>
      say(
        `| ${label} | ${who} | ${(median(xs.map((x) => x.wallMs)) / 1000).toFixed(2)} | ${r} | ${median(xs.map((x) => x.peakRssMb)).toFixed(0)} | ${xs.at(-1).outputs} | ${xs.at(-1).mb.toFixed(1)} | ${checks} |`,
      );
    row('imgbatch', A, '');
    row('six sharp-cli', B, `**${ratio.toFixed(2)}**`);
    const each = B[0].each.map((_, k) => (median(B.map((b) => b.each[k])) / 1000).toFixed(2));
    walls.push(`- ${label}: the six sharp-cli runs took ${each.join(', ')} s (median of each, in the order above).`);
    if (commands.length === 0) {
      commands.push(`- imgbatch: \`${shown(sides.A('<out>')[0], cli, dir)}\``);
      for (const c of sides.B('<out>')) commands.push(`- sharp-cli: \`${shown(c, cli, dir)}\``);
    }
  }
  say('');
  for (const n of [...commands, ...walls]) say(n);
  writeSection(lines);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
