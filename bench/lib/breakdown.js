'use strict';
// Where the time goes per output, for bench/eleventy.js. imgbatch reports it itself (--json: `ms`
// per input and per output); eleventy-img does not, so both pipelines are also replayed here with
// sharp, step by step, each step timed on its own: as many inputs in flight as cores, the steps of
// one input one after the other. Sums are of per-step wall times (≈ thread time at that load).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const sharp = require('sharp');
const { widthsFor } = require('./race');

const LANES = os.availableParallelism();

/** Runs `fn` over `items`, `LANES` at a time. */
async function lanes(items, fn) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: LANES }, lane));
}

/** A clock of named parts: `step(name)` adds the time since the last step to `name`. */
function clock(sums) {
  let last = performance.now();
  return (name) => {
    const t = performance.now();
    sums.set(name, (sums.get(name) ?? 0) + (t - last));
    last = t;
  };
}

const rawOf = ({ data, info }) => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
const slot = (widths, w) => (widths.includes(w) ? String(w) : 'own');
/** The format's encoder; JPEG Huffman tables optimised (sharp's default) unless `optimise` is false. */
const encoder = (img, format, quality, optimise = true) =>
  format === 'jpeg' ? img.jpeg({ quality, optimiseCoding: optimise }) : img.toFormat(format, { quality });

/**
 * eleventy-img's pipeline (src/image.js `resize`): a header read, then for every output its own
 * pipeline from the file (keep ICC, rotate for orientations 5–8, resize with shrink-on-load,
 * encode, write): decode + resize are one step, encode and write each their own.
 */
async function replayEleventy(inputs, widths, quality, out) {
  const sums = new Map();
  await lanes(inputs, async (input) => {
    const step = clock(sums);
    await sharp(input.file).metadata();
    step('header');
    for (const [format, q] of Object.entries(quality)) {
      for (const w of widthsFor(widths, input.width)) {
        let img = sharp(input.file).keepIccProfile();
        if (input.orientation >= 5 && input.orientation <= 8) img = img.rotate();
        if (w < input.width) img = img.resize({ width: w, withoutEnlargement: true });
        const pixels = await img.raw().toBuffer({ resolveWithObject: true });
        step(`${format} ${slot(widths, w)} decode+resize`);
        const data = await encoder(rawOf(pixels), format, q).toBuffer();
        step(`${format} ${slot(widths, w)} encode`);
        await fs.promises.writeFile(path.join(out, `e-${input.stem}-${w}.${format}`), data);
        step(`${format} ${slot(widths, w)} write`);
      }
    }
  });
  return sums;
}

/**
 * imgbatch's pipeline (src/job/render.ts): read the file, decode it once, oriented, at the scale of
 * the widest output (shrink-on-load), to raw pixels; then for every output a resize from those
 * pixels, the encoder (JPEG: flattened onto white; sRGB) and the write.
 */
async function replayImgbatch(inputs, widths, quality, out) {
  const sums = new Map();
  await lanes(inputs, async (input) => {
    const step = clock(sums);
    const bytes = await fs.promises.readFile(input.file);
    step('read');
    const made = widthsFor(widths, input.width);
    const top = Math.max(...made);
    let img = sharp(bytes).autoOrient();
    if (top < input.width) img = img.resize({ width: top, height: Math.max(1, Math.round((input.height * top) / input.width)), fit: 'fill' });
    const decoded = await img.raw().toBuffer({ resolveWithObject: true });
    step('decode');
    for (const w of made) {
      for (const [format, q] of Object.entries(quality)) {
        const from = rawOf(decoded);
        const pixels = w < decoded.info.width ? await from.resize({ width: w }).raw().toBuffer({ resolveWithObject: true }) : decoded;
        step(`${format} ${slot(widths, w)} resize`);
        const shaped = format === 'jpeg' ? rawOf(pixels).flatten({ background: '#ffffff' }) : rawOf(pixels);
        // --optimize-coding auto: optimised when the output keeps at most a quarter of the pixels.
        const optimise = pixels.info.width * pixels.info.height * 4 <= input.width * input.height;
        const data = await encoder(shaped.toColourspace('srgb'), format, q, optimise).toBuffer();
        step(`${format} ${slot(widths, w)} encode`);
        await fs.promises.writeFile(path.join(out, `i-${input.stem}-${w}.${format}`), data);
        step(`${format} ${slot(widths, w)} write`);
      }
    }
  });
  return sums;
}

/** imgbatch --json on a fresh folder: per-output ms summed per format × width; the rest of each input's ms. */
function imgbatchJson(command, widths) {
  return new Promise((resolve, reject) => {
    const [cmd, args] = command;
    const child = spawn(cmd, [...args.filter((a) => a !== '--quiet'), '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`imgbatch --json exited ${code}`));
      const sums = new Map();
      let wallMs = 0;
      for (const line of text.split('\n').filter(Boolean)) {
        const r = JSON.parse(line);
        if (r.type === 'summary') wallMs = r.wallMs;
        if (r.type !== 'file') continue;
        const outs = r.outputs ?? [];
        for (const o of outs) sums.set(`${o.format} ${slot(widths, o.width)}`, (sums.get(`${o.format} ${slot(widths, o.width)}`) ?? 0) + o.ms);
        sums.set('rest', (sums.get('rest') ?? 0) + r.ms - outs.reduce((n, o) => n + o.ms, 0));
      }
      return resolve({ sums, wallMs });
    });
  });
}

/** The breakdown of one corpus as Markdown lines: seconds summed over every input. */
async function breakdown({ planned, widths, quality, work, imgbatch }) {
  const out = path.join(work, 'breakdown');
  const fresh = () => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    return out;
  };
  const json = await imgbatchJson(imgbatch(fresh()), widths);
  fresh();
  let t = performance.now();
  const ib = await replayImgbatch(planned.inputs, widths, quality, out);
  const ibWall = performance.now() - t;
  fresh();
  t = performance.now();
  const el = await replayEleventy(planned.inputs, widths, quality, out);
  const elWall = performance.now() - t;
  fs.rmSync(out, { recursive: true, force: true });
  const s = (ms) => (ms === undefined ? '–' : (ms / 1000).toFixed(1));
  const sum = (m) => [...m.values()].reduce((n, x) => n + x, 0);
  const lines = [
    '| output | imgbatch `--json`: resize + encode + write | imgbatch replayed: resize / encode / write | eleventy-img replayed: decode + resize / encode / write |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const format of Object.keys(quality)) {
    for (const w of [...widths.map(String), 'own']) {
      const k = `${format} ${w}`;
      if (!json.sums.has(k) && !el.has(`${k} encode`)) continue;
      const parts = (m, names) => names.map((n) => s(m.get(`${k} ${n}`))).join(' / ');
      lines.push(
        `| ${format} ${w} | ${s(json.sums.get(k))} | ${parts(ib, ['resize', 'encode', 'write'])} | ${parts(el, ['decode+resize', 'encode', 'write'])} |`,
      );
    }
  }
  lines.push(
    `| once per input | ${s(json.sums.get('rest'))} (read, decode, …) | ${s(ib.get('read'))} read / ${s(ib.get('decode'))} decode | ${s(el.get('header'))} header |`,
  );
  lines.push(`| **sum** (wall) | **${s(sum(json.sums))}** (${s(json.wallMs)}) | **${s(sum(ib))}** (${s(ibWall)}) | **${s(sum(el))}** (${s(elWall)}) |`);
  return lines;
}

module.exports = { breakdown };
