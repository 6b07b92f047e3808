'use strict';
// Benchmark peers and photos from Debian's packages, installed on demand (never for `npm test`).
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const quiet = { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' };

/** `apt-get`, as root or through password-less sudo; undefined when neither is possible. */
function aptGet() {
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  if (process.getuid?.() === 0) return ['apt-get'];
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? ['sudo', '-n', 'apt-get'] : undefined;
}

/**
 * Installs Debian packages with apt-get (refreshing the package lists once if the first try fails).
 * Returns undefined on success, or why it could not, for the caller's note.
 */
function aptInstall(packages) {
  const apt = aptGet();
  if (apt === undefined) return 'apt-get is missing, or this is not root and sudo asks for a password';
  const [cmd, ...pre] = apt;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync(cmd, [...pre, 'install', '-y', '-qq', '--no-install-recommends', ...packages], { ...quiet, env });
  console.log(`installing ${packages.join(' ')} with apt-get …`);
  let r = install();
  if (r.status !== 0) {
    spawnSync(cmd, [...pre, 'update', '-qq'], { ...quiet, env });
    r = install();
  }
  return r.status === 0 ? undefined : `apt-get install ${packages.join(' ')} failed: ${(r.stderr ?? '').trim().split('\n').at(-1)}`;
}

/** sharp-cli 6's bin, installed with `npm i --prefix bench/.peers` when missing; undefined if that fails. */
function sharpCli() {
  const peers = path.join(__dirname, '..', '.peers');
  const bin = path.join(peers, 'node_modules', '.bin', 'sharp');
  if (!fs.existsSync(bin)) {
    try {
      execFileSync('npm', ['i', '--no-audit', '--no-fund', '--prefix', peers, 'sharp-cli@6'], { stdio: 'ignore' });
    } catch {
      return undefined;
    }
  }
  return fs.existsSync(bin) ? bin : undefined;
}

/** A 16×16 PNG for the smoke test below. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAGUlEQVQokWM402FMEmIY1dAxGkpnhmvSAAB3KYcQ/WhFmgAAAABJRU5ErkJggg==';

/** Whether eleventy-img at `main` loads and makes a WebP on this Node (7.x declares Node ≥ 22). */
function eleventyRuns(main) {
  if (!fs.existsSync(main)) return false;
  const script = `const { default: Image } = await import(${JSON.stringify(require('node:url').pathToFileURL(main).href)});
const r = await Image(Buffer.from('${PNG}', 'base64'), { widths: [8], formats: ['webp'], dryRun: true, useCache: false });
if (!(r.webp?.[0]?.buffer?.length > 0)) process.exit(1);`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' }).status === 0;
}

/**
 * @11ty/eleventy-img, the newest major that runs here: 7.x first (it declares Node ≥ 22 but may run
 * on 20), else 6.x, installed with `npm i --prefix bench/.peers-eleventy` (its own prefix: it brings
 * its own sharp, which must not replace sharp-cli's). Returns its main module and version, or
 * undefined when neither installs and runs.
 */
function eleventyImg() {
  const peers = path.join(__dirname, '..', '.peers-eleventy');
  const pkg = path.join(peers, 'node_modules', '@11ty', 'eleventy-img');
  const main = path.join(pkg, 'img.js');
  const found = () => ({ main, version: JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).version });
  if (eleventyRuns(main)) return found();
  for (const major of ['7', '6']) {
    try {
      execFileSync('npm', ['i', '--no-audit', '--no-fund', '--prefix', peers, `@11ty/eleventy-img@${major}`], { stdio: 'ignore' });
    } catch {
      continue;
    }
    if (eleventyRuns(main)) return found();
  }
  return undefined;
}

module.exports = { aptInstall, sharpCli, eleventyImg };
