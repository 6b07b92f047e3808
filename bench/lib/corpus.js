'use strict';
// Deterministic corpora of real photos (Debian's gnome-backgrounds and mate-backgrounds), the same
// rule as ../shared/bench/make-corpus.sh: sources in C-locale path order, copied round-robin.
const fs = require('node:fs');
const path = require('node:path');
const sharp = require('sharp');
const { aptInstall } = require('./install');

const BACKGROUNDS = '/usr/share/backgrounds';

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * Real JPEG and PNG photos, sorted by path (byte order). When they are missing, installs Debian's
 * gnome-backgrounds and mate-backgrounds (root or password-less sudo) unless `install` is false, or
 * throws saying why not.
 */
function realPhotos(pattern = /\.(jpe?g|png)$/i, { install = true } = {}) {
  if (!fs.existsSync(BACKGROUNDS)) {
    const why = install ? aptInstall(['gnome-backgrounds', 'mate-backgrounds']) : 'not installed (--no-install)';
    if (why !== undefined || !fs.existsSync(BACKGROUNDS)) {
      throw new Error(
        `Expected real photos under ${BACKGROUNDS} (Debian's gnome-backgrounds and mate-backgrounds): ${why ?? 'the packages installed nothing there'}`,
      );
    }
  }
  return walk(BACKGROUNDS)
    .filter((f) => pattern.test(f) && fs.statSync(f).size > 1024)
    .sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1));
}

/** Copies sources round-robin into dir as NNNN-<name>, n files; returns total bytes. */
function roundRobin(sources, n, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let k = 0; k < n; k += 1) {
    const s = sources[k % sources.length];
    const out = path.join(dir, `${String(k + 1).padStart(5, '0')}-${path.basename(s)}`);
    fs.copyFileSync(s, out);
    bytes += fs.statSync(out).size;
  }
  return bytes;
}

/** The folder's files, sorted, with their full paths. */
const listed = (dir) =>
  fs
    .readdirSync(dir)
    .sort()
    .map((f) => path.join(dir, f));

/**
 * short: the first 60 files of mixed-200 (C-locale name order), copied; short runs where start-up
 * and per-file overhead weigh as much as the work. Returns the folder.
 */
function shortCorpus(mixed, out) {
  const first = listed(mixed).slice(0, 60);
  const same = fs.existsSync(out) && fs.readdirSync(out).sort().join('|') === first.map((f) => path.basename(f)).join('|');
  if (!same) {
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    for (const f of first) fs.copyFileSync(f, path.join(out, path.basename(f)));
  }
  return out;
}

/**
 * The benchmark corpora named in `names` (mixed, short, camera, tiny), built under `dir` unless a folder
 * with the right file count is there already; returns name → folder. The photos are installed
 * unless `install` is false (see realPhotos).
 */
async function buildCorpora(names, { dir, install = true }) {
  const made = {};
  const photos = realPhotos(undefined, { install });
  const mixed = path.join(dir, 'mixed-200');
  if (names.includes('mixed') || names.includes('short')) {
    if (!fs.existsSync(mixed) || fs.readdirSync(mixed).length !== 200) roundRobin(photos, 200, mixed);
  }
  if (names.includes('mixed')) made.mixed = mixed;
  if (names.includes('short')) made.short = shortCorpus(mixed, path.join(dir, 'short-60'));
  if (names.includes('camera')) {
    // 12 MP JPEGs re-encoded from the real JPEGs (cover 4000×3000, q90); every 4th master carries
    // EXIF orientation 6, as phones write it.
    const out = path.join(dir, 'camera-80');
    if (!fs.existsSync(out) || fs.readdirSync(out).length !== 80) {
      const masters = path.join(dir, 'camera-masters');
      fs.rmSync(masters, { recursive: true, force: true });
      fs.mkdirSync(masters, { recursive: true });
      const jpegs = photos.filter((p) => /\.jpe?g$/i.test(p));
      for (const [i, p] of jpegs.entries()) {
        let img = sharp(p).resize(4000, 3000, { fit: 'cover' }).jpeg({ quality: 90 });
        if ((i + 1) % 4 === 0) img = img.withMetadata({ orientation: 6 });
        await img.toFile(path.join(masters, `${String(i + 1).padStart(2, '0')}-${path.basename(p)}`));
      }
      roundRobin(listed(masters), 80, out);
    }
    made.camera = out;
  }
  if (names.includes('tiny')) {
    // 2,000 small images (320 px wide JPEGs from the real photos): per-file overhead.
    const out = path.join(dir, 'tiny-2000');
    if (!fs.existsSync(out) || fs.readdirSync(out).length !== 2000) {
      const small = path.join(dir, 'tiny-sources');
      fs.rmSync(small, { recursive: true, force: true });
      fs.mkdirSync(small, { recursive: true });
      for (const [i, p] of photos.entries()) {
        await sharp(p)
          .resize(320)
          .jpeg({ quality: 85 })
          .toFile(path.join(small, `${String(i).padStart(2, '0')}.jpg`));
      }
      roundRobin(listed(small), 2000, out);
    }
    made.tiny = out;
  }
  return made;
}

module.exports = { realPhotos, roundRobin, listed, buildCorpora, BACKGROUNDS };
