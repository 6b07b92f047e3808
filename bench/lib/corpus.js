'use strict';
// Deterministic corpora of real photos (Debian's gnome-backgrounds and mate-backgrounds), the same
// rule as ../shared/bench/make-corpus.sh: sources in C-locale path order, copied round-robin.
const fs = require('node:fs');
const path = require('node:path');
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

module.exports = { realPhotos, roundRobin, BACKGROUNDS };
