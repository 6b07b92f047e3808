#!/usr/bin/env node
'use strict';
// The overhead of sharding (--shard i/n): the same batch as one run at -j 2 against four shards at
// -j 1, run two at a time (what GNU parallel with two slots, or two machines of one core, would
// do), into one output folder, on one machine. Every shard discovers and plans the whole set and
// starts its own worker process, so four shards pay those fixed costs four times.
// Runs alternate A B, B A … on fresh output folders after one warm-up pair; wall time of the whole
// process tree, peak summed RSS; the median of the per-pair ratios shards ÷ one run is reported.
// Usage: npm run bench:shards [-- --pairs 5 --corpora mixed,tiny --op resize]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { measure, median } = require('./lib/proc');
const { buildCorpora } = require('./lib/corpus');
const { arg } = require('./lib/args');

const pairs = Number(arg('pairs', 5));
const names = arg('corpora', 'mixed,tiny').split(',');
const op = arg('op', 'resize');
const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin', 'imgbatch.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgbatch-bench-shards-'));

const one = (corpus, out) => [process.execPath, [bin, op, corpus, '-o', out, '-j', '2', '--quiet', '--format', 'jpeg', '-q', '85']];

/** Four shards, two at a time: xargs -P 2 starts the next as soon as one ends. */
function sharded(corpus, out) {
  const cmd = `printf '1\\n2\\n3\\n4\\n' | xargs -P 2 -I{} "${process.execPath}" "${bin}" ${op} "${corpus}" -o "${out}" -j 1 --quiet --format jpeg -q 85 --shard {}/4`;
  return ['bash', ['-c', cmd]];
}

const count = (dir) => fs.readdirSync(dir).filter((f) => !f.startsWith('.')).length;

async function race(name, corpus) {
  const runs = { one: [], shards: [] };
  for (let i = -1; i < pairs; i += 1) {
    const order = i % 2 === 0 ? ['one', 'shards'] : ['shards', 'one'];
    const got = {};
    for (const which of order) {
      const out = path.join(work, `out-${which}`);
      fs.rmSync(out, { recursive: true, force: true });
      const [cmd, args] = which === 'one' ? one(corpus, out) : sharded(corpus, out);
      const m = await measure(cmd, args);
      if (m.code !== 0) throw new Error(`${which} exited ${m.code}: ${m.stderr}`);
      got[which] = { ...m, files: count(out) };
    }
    if (got.one.files !== got.shards.files) throw new Error(`one run wrote ${got.one.files} files, the shards ${got.shards.files}`);
    if (i < 0) continue; // warm-up pair: page cache
    runs.one.push(got.one);
    runs.shards.push(got.shards);
  }
  const ratios = runs.one.map((a, k) => runs.shards[k].wallMs / a.wallMs);
  const secs = (xs) => xs.map((x) => (x.wallMs / 1000).toFixed(2)).join(' ');
  const rss = (xs) => median(xs.map((x) => x.peakRssMb)).toFixed(0);
  console.log(`\n${name} (${count(corpus)} files), ${op}, ${pairs} pairs`);
  console.log(
    `  one run, -j 2                 wall s: ${secs(runs.one)}  median ${(median(runs.one.map((x) => x.wallMs)) / 1000).toFixed(2)}  peak RSS ${rss(runs.one)} MB`,
  );
  console.log(
    `  4 shards, -j 1, two at a time wall s: ${secs(runs.shards)}  median ${(median(runs.shards.map((x) => x.wallMs)) / 1000).toFixed(2)}  peak RSS ${rss(runs.shards)} MB`,
  );
  console.log(
    `  ratios shards/one: ${ratios.map((r) => r.toFixed(3)).join(' ')}  median ${median(ratios).toFixed(3)} (overhead ${((median(ratios) - 1) * 100).toFixed(1)} %)`,
  );
}

async function main() {
  const corpora = await buildCorpora(names, { dir: path.join(__dirname, '.corpus'), install: !process.argv.includes('--no-install') });
  console.log(`machine: ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);
  for (const name of names) await race(name, corpora[name]);
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
