'use strict';
// The suite's tools: imgbatch and its peers. Every command writes OUT/<name>.jpg, JPEG q85, EXIF
// orientation applied; imgbatch never enlarges, so every peer's resize is told the same
// (--withoutEnlargement, '>').
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { aptInstall, sharpCli } = require('./install');

const root = path.resolve(__dirname, '..', '..');
const CORES = os.availableParallelism();
const SEPIA = '0.393 0.769 0.189 0.349 0.686 0.168 0.272 0.534 0.131';

const has = (cmd, args = ['-version']) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

const bash = (script) => ['bash', ['-c', script]];
// GNU parallel hands its command line to a shell again: an argument with a space or a shell
// character ('>' of a geometry, the sepia matrix) needs a second level of quoting under it.
const q2 = (arg) => `"'${arg}'"`;
const files = (inDir) => `find '${inDir}' -maxdepth 1 -type f | LC_ALL=C sort`;

/** The Debian packages each apt-installed peer needs: [command, version flag, package]. */
const APT_PEERS = {
  'im-par': [
    ['/usr/bin/mogrify', ['-version'], 'imagemagick'],
    ['parallel', ['--version'], 'parallel'],
  ],
  'gm-par': [
    ['gm', ['version'], 'graphicsmagick'],
    ['parallel', ['--version'], 'parallel'],
  ],
  'vipsthumbnail-par': [
    ['vipsthumbnail', ['--version'], 'libvips-tools'],
    ['parallel', ['--version'], 'parallel'],
  ],
  vipsthumbnail: [['vipsthumbnail', ['--version'], 'libvips-tools']],
};

/** The Debian packages an apt peer still lacks (none: it can run). */
const lacks = (name) => APT_PEERS[name].filter(([cmd, args]) => !has(cmd, args)).map(([, , pkg]) => pkg);

/**
 * Installs the missing apt peers that this run compares against (`wanted`: tool names, or
 * undefined for all), unless `install` is false (--no-install).
 */
function installPeers(wanted, install) {
  const names = Object.keys(APT_PEERS).filter((name) => wanted === undefined || wanted.includes(name));
  const missing = [...new Set(names.flatMap(lacks))];
  if (missing.length === 0 || !install) return;
  const why = aptInstall(missing);
  if (why !== undefined) console.log(`note: ${why}`);
}

/** Whether an apt peer can run; if not, says which packages it lacks. */
function usable(name) {
  const missing = lacks(name);
  if (missing.length > 0) console.log(`note: ${name} skipped: not installed (apt-get install ${missing.join(' ')})`);
  return missing.length === 0;
}

const imgbatch = () => ({
  ops: ['resize', 'thumbnail', 'grayscale', 'sepia'],
  cmd: (op, inDir, out) => [
    process.execPath,
    [
      path.join(root, 'bin', 'imgbatch.js'),
      ...(op === 'grayscale' || op === 'sepia' ? ['filter', op] : [op]),
      inDir,
      '-o',
      out,
      '--format',
      'jpeg',
      '-q',
      '85',
      '--quiet',
    ],
  ],
});

function sharpCliTool() {
  const cli = sharpCli();
  if (!cli) return void console.log('note: sharp-cli could not be installed: skipped');
  const a = {
    resize: 'resize 800 600 --fit inside --withoutEnlargement',
    grayscale: 'greyscale',
    sepia: `recomb ${SEPIA}`,
    thumbnail: 'resize 150 150 --fit cover --position centre',
  };
  return {
    ops: Object.keys(a),
    cmd: (op, inDir, out) => bash(`${files(inDir)} | xargs -d '\\n' '${cli}' -o '${out}/{name}.jpg' -f jpeg -q 85 --autoOrient ${a[op]} -i`),
  };
}

function imPar() {
  const a = {
    resize: `-define jpeg:size=1600x1200 -auto-orient -resize ${q2('800x600>')} -quality 85`,
    grayscale: '-auto-orient -colorspace Gray -quality 85',
    sepia: `-auto-orient -color-matrix ${q2(SEPIA)} -quality 85`,
    thumbnail: `-define jpeg:size=300x300 -auto-orient -thumbnail ${q2('150x150^')} -gravity center -extent 150x150 -quality 85`,
  };
  return {
    ops: Object.keys(a),
    cmd: (op, inDir, out) =>
      bash(`${files(inDir)} | MAGICK_THREAD_LIMIT=1 OMP_NUM_THREADS=1 parallel -j ${CORES} -n 8 /usr/bin/mogrify -path '${out}' -format jpg ${a[op]}`),
  };
}

function gmPar() {
  const a = {
    resize: `-size 1600x1200 -auto-orient -resize ${q2('800x600>')} -quality 85`,
    grayscale: '-auto-orient -colorspace Gray -quality 85',
    sepia: `-auto-orient -recolor ${q2(SEPIA)} -quality 85`,
    thumbnail: `-size 300x300 -auto-orient -thumbnail ${q2('150x150^')} -gravity center -extent 150x150 -quality 85`,
  };
  return {
    ops: Object.keys(a),
    cmd: (op, inDir, out) =>
      bash(
        `cd '${inDir}' && find . -maxdepth 1 -type f | LC_ALL=C sort | OMP_NUM_THREADS=1 parallel -j ${CORES} -n 8 gm mogrify -output-directory '${out}' -format jpg ${a[op]}`,
      ),
  };
}

const vips = { resize: "--size '800x600>'", thumbnail: '--size 150x150 --smartcrop centre' };
const vipsPar = { resize: `--size ${q2('800x600>')}`, thumbnail: vips.thumbnail };

const vipsthumbnailPar = () => ({
  ops: Object.keys(vips),
  cmd: (op, inDir, out) => bash(`${files(inDir)} | VIPS_CONCURRENCY=1 parallel -j ${CORES} -n 8 vipsthumbnail ${vipsPar[op]} -o "'${out}/%s.jpg[Q=85]'"`),
});

const vipsthumbnail = () => ({
  ops: Object.keys(vips),
  cmd: (op, inDir, out) => bash(`${files(inDir)} | xargs -d '\\n' vipsthumbnail ${vips[op]} -o '${out}/%s.jpg[Q=85]'`),
});

/** name → { ops, cmd(op, inDir, out) → [command, args] } for imgbatch and every peer that can run. */
function tools() {
  const t = { imgbatch: imgbatch() };
  const cli = sharpCliTool();
  if (cli) t['sharp-cli'] = cli;
  const apt = { 'im-par': imPar, 'gm-par': gmPar, 'vipsthumbnail-par': vipsthumbnailPar, vipsthumbnail };
  for (const [name, make] of Object.entries(apt)) if (usable(name)) t[name] = make();
  return t;
}

module.exports = { tools, installPeers, CORES };
