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

module.exports = { aptInstall, sharpCli };
