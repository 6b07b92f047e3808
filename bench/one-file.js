#!/usr/bin/env node
'use strict';
// A one-file run: `imgbatch resize one.jpg -o out` (defaults: 800×600 inside, never enlarging, JPEG
// q85, isolation on) against sharp-cli's equivalent, run directly as a user would
// (`sharp -o 'out/{name}.jpg' -f jpeg -q 85 --autoOrient resize 800 600 --fit inside
// --withoutEnlargement -i one.jpg`, the suite's resize arguments), with `node -e 0` as the floor.
// one.jpg is the first file of the camera corpus (a 12 MP JPEG). Runs alternate A B F, F B A, …
// after one warm-up round, on fresh output folders; wall time and peak tree RSS as in the suite.
// Usage: node bench/one-file.js [--pairs 11] [--no-install]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const sharp = require('sharp');
const { measure, median } = require('./lib/proc');
const { buildCorpora, listed } = require('./lib/corpus');
const { sharpCli } = require('./lib/install');

const root = path.resolve(__dirname, '..');
const { arg } = require('./lib/args');
const PAIRS = Number(arg('pairs', 11));
const work = path.join(__dirname, '.out');

/** The three commands, each writing into its own fresh folder. */
function commands(one, cli) {
  const resize = ['resize', '800', '600', '--fit', 'inside', '--withoutEnlargement'];
  return {
    imgbatch: (out) => [process.execPath, [path.join(root, 'bin', 'imgbatch.js'), 'resize', one, '-o', out]],
    'sharp-cli': (out) => [cli, ['-o', `${out}/{name}.jpg`, '-f', 'jpeg', '-q', '85', '--autoOrient', ...resize, '-i', one]],
    'node -e 0': () => [process.execPath, ['-e', '0']],
  };
}

async function runOnce(cmds, who) {
  const out = path.join(work, `one-${who.replace(/\W/g, '')}`);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const [cmd, args] = cmds[who](out);
  const m = await measure(cmd, args);
  if (m.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${m.code}: ${m.stderr.slice(0, 500)}`);
  return { ...m, out };
}

/** Both outputs: one JPEG each, the same dimensions (±1 px). */
async function check(a, b) {
  const fa = fs.readdirSync(a).filter((f) => !f.startsWith('.'));
  const fb = fs.readdirSync(b).filter((f) => !f.startsWith('.'));
  if (fa.length !== 1 || fb.length !== 1) return `outputs: ${fa.join(',')} vs ${fb.join(',')}`;
  const [ma, mb] = await Promise.all([sharp(path.join(a, fa[0])).metadata(), sharp(path.join(b, fb[0])).metadata()]);
  const same = ma.format === 'jpeg' && mb.format === 'jpeg' && Math.abs(ma.width - mb.width) <= 1 && Math.abs(ma.height - mb.height) <= 1;
  return same ? `both JPEG ${ma.width}×${ma.height}` : `${ma.format} ${ma.width}×${ma.height} vs ${mb.format} ${mb.width}×${mb.height}`;
}

function report(one, runs, checked) {
  const s = (x) => x.toFixed(3);
  const ms = (who) => runs[who].map((r) => r.wallMs / 1000);
  const ratios = runs.imgbatch.map((r, k) => r.wallMs / runs['sharp-cli'][k].wallMs);
  const m = median(ratios);
  console.log(`one file: ${path.basename(one)} (${(fs.statSync(one).size / 1e6).toFixed(1)} MB); outputs: ${checked}`);
  console.log(`machine: ${os.availableParallelism()} cores, node ${process.version}, ${new Date().toISOString()}`);
  console.log('\n| run | imgbatch s | sharp-cli s | imgbatch/sharp-cli | node -e 0 s |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (let k = 0; k < ratios.length; k += 1)
    console.log(`| ${k + 1} | ${s(ms('imgbatch')[k])} | ${s(ms('sharp-cli')[k])} | ${ratios[k].toFixed(2)} | ${s(ms('node -e 0')[k])} |`);
  const med = (who) => s(median(ms(who)));
  console.log(`| **median** | **${med('imgbatch')}** | **${med('sharp-cli')}** | **${m.toFixed(2)}** | **${med('node -e 0')}** |`);
  const rss = (who) => median(runs[who].map((r) => r.peakRssMb)).toFixed(0);
  console.log(`\npeak tree RSS (median): imgbatch ${rss('imgbatch')} MB, sharp-cli ${rss('sharp-cli')} MB, node -e 0 ${rss('node -e 0')} MB`);
  console.log(`target imgbatch/sharp-cli ≤ 1.00: ${m <= 1 ? 'met' : 'not met'}`);
}

async function main() {
  const { camera } = await buildCorpora(['camera'], { dir: path.join(__dirname, '.corpus'), install: !process.argv.includes('--no-install') });
  const one = listed(camera)[0];
  const cli = sharpCli();
  if (cli === undefined) throw new Error('sharp-cli could not be installed (npm i --prefix bench/.peers sharp-cli@6)');
  const cmds = commands(one, cli);
  const runs = { imgbatch: [], 'sharp-cli': [], 'node -e 0': [] };
  for (let i = -1; i < PAIRS; i += 1) {
    const order = i % 2 === 0 ? ['imgbatch', 'sharp-cli', 'node -e 0'] : ['node -e 0', 'sharp-cli', 'imgbatch'];
    const got = {};
    for (const who of order) got[who] = await runOnce(cmds, who);
    if (i >= 0) for (const who of order) runs[who].push(got[who]);
  }
  const checked = await check(runs.imgbatch.at(-1).out, runs['sharp-cli'].at(-1).out);
  report(one, runs, checked);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
