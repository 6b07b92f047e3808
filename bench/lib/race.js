'use strict';
// Helpers of bench/eleventy.js: the planned outputs of a several-outputs run, a timed run on a
// fresh output folder, the output checks and the RESULTS.md section (outputs.js's rules).
const fs = require('node:fs');
const path = require('node:path');
const sharp = require('sharp');
const { measure } = require('./proc');
const { dhash, popcount } = require('./dhash');

/** The widths made of an input `width` wide: those up to its width; when none fits, its own width. */
const widthsFor = (widths, width) => {
  const fit = widths.filter((w) => w <= width);
  return fit.length > 0 ? fit : [width];
};

/**
 * The inputs (size after EXIF orientation, transparency) and the outputs both sides must make:
 * `<name>-<width>.<ext>` for every width the input allows, in every extension.
 */
async function plan(inDir, widths, exts) {
  const inputs = [];
  for (const f of fs.readdirSync(inDir).sort()) {
    const m = await sharp(path.join(inDir, f)).metadata();
    const turned = (m.orientation ?? 1) >= 5;
    inputs.push({
      file: path.join(inDir, f),
      stem: path.parse(f).name,
      width: turned ? m.height : m.width,
      height: turned ? m.width : m.height,
      orientation: m.orientation ?? 1,
      alpha: m.hasAlpha,
    });
  }
  const expected = new Map();
  for (const input of inputs) for (const w of widthsFor(widths, input.width)) for (const ext of exts) expected.set(`${input.stem}-${w}.${ext}`, input);
  return { inputs, expected };
}

/** The images in an output folder: not imgbatch's `.imgbatch-ledger` nor other dot files. */
const listed = (dir) =>
  fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => !path.basename(f).startsWith('.') && fs.statSync(path.join(dir, f)).isFile())
    .sort();

/** Runs one command on a fresh output folder `out`: wall time, peak RSS of its tree, outputs and MB. */
async function run(command, out) {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const [cmd, args] = command(out);
  const m = await measure(cmd, args);
  if (m.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${m.code ?? m.signal}: ${m.stderr.slice(0, 500)}`);
  const files = listed(out);
  return { wallMs: m.wallMs, peakRssMb: m.peakRssMb, out, outputs: files.length, mb: files.reduce((n, f) => n + fs.statSync(path.join(out, f)).size, 0) / 1e6 };
}

/**
 * The same set of outputs on both sides as planned; for every output the same format and the same
 * dimensions (±1 px); a dHash distance ≤ 5 for every output of about 20 inputs (every n-th), leaving
 * out inputs with transparency (flattening onto white or black is a choice, not a quality difference).
 */
async function check(sides, { inputs, expected }) {
  const problems = [];
  for (const [who, out] of Object.entries(sides)) {
    const got = listed(out);
    const missing = [...expected.keys()].filter((f) => !got.includes(f));
    const extra = got.filter((f) => !expected.has(f));
    if (missing.length > 0) problems.push(`${who} lacks ${missing.length} (${missing.slice(0, 3).join(', ')})`);
    if (extra.length > 0) problems.push(`${who} made ${extra.length} unplanned (${extra.slice(0, 3).join(', ')})`);
  }
  const [outA, outB] = Object.values(sides);
  const every = Math.max(1, Math.ceil(inputs.length / 20));
  let worst = 0;
  let pictures = 0;
  for (const [name, input] of expected) {
    const [a, b] = [path.join(outA, name), path.join(outB, name)];
    if (!fs.existsSync(a) || !fs.existsSync(b)) continue;
    const [ma, mb] = await Promise.all([sharp(a).metadata(), sharp(b).metadata()]);
    if (ma.format !== mb.format || Math.abs(ma.width - mb.width) > 1 || Math.abs(ma.height - mb.height) > 1)
      problems.push(`${name}: ${ma.format} ${ma.width}×${ma.height} vs ${mb.format} ${mb.width}×${mb.height}`);
    if (input.alpha || inputs.indexOf(input) % every !== 0) continue;
    worst = Math.max(worst, popcount((await dhash(a)) ^ (await dhash(b))));
    pictures += 1;
  }
  if (worst > 5) problems.push(`dHash distance ${worst} > 5`);
  return problems.length > 0 ? problems.slice(0, 4).join('; ') : `same ${expected.size}, same sizes, dHash ≤ ${worst} (${pictures} pictures)`;
}

/** Replaces `section` in RESULTS.md (or appends it), keeping everything else in the file byte for byte. */
function writeSection(section, lines) {
  const file = path.join(__dirname, '..', 'RESULTS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const text = `${lines.join('\n')}\n`;
  const at = old.startsWith(`${section}\n`) ? 0 : old.indexOf(`\n${section}\n`);
  if (at < 0) return fs.writeFileSync(file, old === '' ? text : `${old.trimEnd()}\n\n${text}`);
  const start = at === 0 ? 0 : at + 1;
  const next = old.indexOf('\n## ', start + section.length);
  return fs.writeFileSync(file, `${old.slice(0, start)}${text}${next < 0 ? '' : `\n${old.slice(next + 1)}`}`);
}

module.exports = { widthsFor, plan, listed, run, check, writeSection };
