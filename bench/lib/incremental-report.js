'use strict';
// The "## Incremental reruns" section of bench/RESULTS.md, from what bench/incremental.js measured.
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const sharp = require('sharp');
const { median } = require('./proc');
const { shownTally } = require('./incremental-checks');

const s = (ms) => (ms / 1000).toFixed(2);
const each = (xs) => xs.map(s).join(', ');
const met = (yes) => (yes ? 'met' : '**NOT met**');
const yes = (ok) => (ok ? 'yes' : '**no**');
/** Per-round ratios a[i] / b[i], and their median. */
const ratios = (a, b) => {
  const r = a.map((x, i) => x / b[i]);
  return { each: r.map((x) => x.toFixed(3)).join(', '), median: median(r) };
};

function header({ peer, root, argv, rounds }) {
  const git = spawnSync('git', ['-C', root, 'log', '-1', '--format=%h %s'], { encoding: 'utf8' }).stdout?.trim() || 'unknown';
  const strace = spawnSync('strace', ['-V'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? 'no strace';
  const eleventy =
    peer === undefined
      ? 'eleventy-img not run'
      : `@11ty/eleventy-img ${peer.version} (its own sharp ${require(path.join(path.dirname(peer.main), '..', '..', 'sharp', 'package.json')).version})`;
  return [
    '## Incremental reruns',
    '',
    `Machine: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; sharp ${sharp.versions.sharp}, vips ${sharp.versions.vips}; ${eleventy}; ${strace}; imgbatch at \`${git}\`; ${new Date().toISOString()}.`,
    `Command: \`npm run bench:incremental -- ${argv}\`. Per corpus, ${rounds} round${rounds === 1 ? '' : 's'}, imgbatch first in odd rounds and eleventy-img first in even ones. In a round imgbatch makes a full build **F** in a fresh output folder (no state), a no-change rerun **R**, then, after every input's atime and mtime are set to now (same bytes, so every input is hashed), a rerun **T** (with \`--json\`, to count its records); eleventy-img makes a full build in a fresh folder and a rerun in a new process on the same folder. Wall time is the whole process tree's (bench/lib/proc.js). Ratios are the median of the per-round ratios.`,
    '',
    '| corpus | run | each run, s | median s | ratio (median of rounds) | target | met |',
    '| --- | --- | --- | ---: | ---: | --- | --- |',
  ];
}

/** The table rows of one corpus. */
function rows({ label, got }) {
  const rf = ratios(got.R, got.F);
  const tf = ratios(got.T, got.F);
  const out = [
    `| ${label} | imgbatch full build F | ${each(got.F)} | ${s(median(got.F))} |  |  |  |`,
    `| ${label} | imgbatch no-change rerun R | ${each(got.R)} | ${s(median(got.R))} | R/F **${rf.median.toFixed(3)}** (${rf.each}) | ≤ 0.05 | ${met(rf.median <= 0.05)} |`,
    `| ${label} | imgbatch rerun after touching every input T | ${each(got.T)} | ${s(median(got.T))} | T/F **${tf.median.toFixed(3)}** (${tf.each}) | ≤ 0.10 | ${met(tf.median <= 0.1)} |`,
  ];
  if (got.EF.length > 0) {
    const er = ratios(got.ER, got.EF);
    out.push(
      `| ${label} | eleventy-img full build | ${each(got.EF)} | ${s(median(got.EF))} |  |  |  |`,
      `| ${label} | eleventy-img rerun (its disk cache) | ${each(got.ER)} | ${s(median(got.ER))} | rerun/full **${er.median.toFixed(3)}** (${er.each}) | none |  |`,
    );
  }
  return out;
}

function bigRows(big) {
  const label = path.basename(big.dir);
  const r = median(big.R);
  return [
    `| ${label} | imgbatch full build (\`--width 100\`), once | ${s(big.F)} | ${s(big.F)} |  |  |  |`,
    `| ${label} | imgbatch no-change rerun | ${each(big.R)} | **${s(r)}** | R/F ${(r / big.F).toFixed(3)} | ≤ 1.5 s | ${met(r <= 1500)} |`,
  ];
}

const count = (t, key) => t.counts[key] ?? 0;

/** The checks of one corpus, as bullets: records, child processes, what a rerun rebuilds. */
function checkLines({ label, n, got, facts }, changed) {
  const f = facts;
  const touchedOk = got.touched.every((t) => count(t, 'skipped unchanged') === n && t.files === n);
  const children = (st, tr) =>
    `${st === undefined ? 'strace not run' : `strace: ${st.execs} execve after its own, ${st.forks} clone/fork without CLONE_THREAD (${st.threads} thread clones)`}; /proc: at most ${tr.peak} process(es) in the tree over ${tr.samples} samples 2 ms apart`;
  const noChild = (f.strace === undefined || (f.strace.execs === 0 && f.strace.forks === 0)) && f.tree.peak === 1;
  const c = f.content;
  return [
    `- **${label}**: no-change rerun \`--json\`: ${shownTally(f.noChange)} (all unchanged: ${yes(count(f.noChange, 'skipped unchanged') === n)}; its own \`wallMs\` ${f.noChange.summary?.wallMs} ms).`,
    `  - T runs, every record \`unchanged\` in every round: ${yes(touchedOk)} (${got.touched.map(shownTally).join('; ')}).`,
    `  - No child process in a no-change rerun: ${yes(noChild)}. ${children(f.strace, f.tree)}. Control, a rerun after touching every input (it reads the inputs' headers in its worker process): ${children(f.straceTouched, f.treeTouched)}.`,
    `  - One output deleted (\`${f.victim}\`): ${shownTally(f.deleted)} (exactly its input rebuilt: ${yes(count(f.deleted, 'ok output-missing') === 1 && count(f.deleted, 'skipped unchanged') === n - 1)}).`,
    `  - One option changed (\`-q 84\`): ${shownTally(f.settings)} in ${s(f.settings.wallMs)} s (every input \`settings-changed\`: ${yes(count(f.settings, 'ok settings-changed') === n)}).`,
    `  - ${changed} inputs rewritten with other bytes (mirrored, same format; ${c.rewritten.slice(0, 3).join(', ')} …), \`-q 84\` again: ${shownTally(c)} in ${s(c.wallMs)} s (exactly ${changed} rebuilt: ${yes(count(c, 'ok content-changed') === changed && count(c, 'skipped unchanged') === n - changed)}).`,
  ];
}

function probeLines({ label, probes }) {
  if (probes === undefined) return [];
  const p = probes;
  return [
    `- **${label}, eleventy-img's rerun** (${p.total} outputs): one output deleted (\`${p.victim}\`) → it wrote ${p.deleted.length} (${p.deleted.join(', ') || 'none'}); one input rewritten (\`${p.input}\`, mirrored) → it wrote ${p.content.length} of that input's ${p.itsOutputs} outputs${p.content.length === 0 ? ' (they still show the old picture)' : ''}; quality 84 instead of 85 → it wrote ${p.quality.length} of ${p.total}.`,
  ];
}

function bigLines(big) {
  if (big === undefined) return [];
  const gc = big.prof.top.find((t) => t.name.startsWith('(garbage collector)'))?.ms ?? 0;
  const top = big.prof.top
    .filter((t) => !t.name.startsWith('(idle)'))
    .slice(0, 8)
    .map((t) => `${t.name.replace(/ (dist|node_modules)\//, ' ')} ${t.ms.toFixed(0)}`)
    .join('; ');
  return [
    `- **${path.basename(big.dir)}**: no-change rerun \`--json\`: ${shownTally(big.check)} (its own \`wallMs\` ${big.check.summary?.wallMs} ms).`,
    `  - Where its main thread's time goes (\`node --cpu-prof bin/imgbatch.js …\`, one more no-change rerun, ${big.prof.totalMs.toFixed(0)} ms profiled): garbage collector ${gc.toFixed(0)} ms (${((100 * gc) / big.prof.totalMs).toFixed(0)}%); the largest self times, ms: ${top}.`,
  ];
}

/** A command as the report shows it: `node`, paths relative to the repository. */
const shown = ([, args]) => ['node', ...args].join(' ').replaceAll(`${path.resolve(__dirname, '..', '..')}${path.sep}`, '');

const ELEVENTY_NOTE = [
  "- What eleventy-img's rerun checks (its source, `src/image.js`, 7.0.0): there is no record of earlier builds. `Image(src, options)` in a new process reads each input's header with sharp (`metadata()`, for the widths and the format), then `getHash()` reads the whole input and hashes it with `sharpOptions` and the `sharp*Options` (quality among them; not `widths`), which gives the default file name `<hash>-<width>.<format>`. For each planned output, `isOutputCached()` asks `DiskCache.isCached()`, which is `fs.existsSync(outputPath)`: an output file that exists is kept, its size read with `fs.statSync`, and nothing is decoded or encoded for it; a missing one is made. `useCache: false` turns this off with the in-memory cache (which only dedupes calls within one process, keyed by the options, the source path and its size).",
  "- So with the default file names a changed input or a changed quality gives new names, hence new outputs (the old files stay behind); with a `filenameFormat` that leaves the hash out, as here (`<name>-<width>.<ext>`, imgbatch's names, so that both sides make the same files), a rerun notices only missing outputs: a changed input or quality keeps the old outputs, as the probes above show. It never checks an existing output's size or content. imgbatch's rerun reads no input whose size, mtime and inode are as recorded, compares a settings hash and the versions of imgbatch, sharp and libvips per input, and checks each recorded output's size with `lstat`.",
];

function report(run) {
  const { sets, big } = run;
  const lines = header(run);
  for (const set of sets) lines.push(...rows(set));
  if (big !== undefined) lines.push(...bigRows(big));
  lines.push('', '**Checks** (untimed runs on the last output folder of each side):', '');
  for (const set of sets) lines.push(...checkLines(set, run.changed), ...probeLines(set));
  lines.push(...bigLines(big), '', '**Commands**:', '');
  lines.push(`- imgbatch: \`${shown(run.commands.imgbatch)}\` (\`--json\` for T and the checks; \`-q 84\` for the option change)`);
  if (run.commands.eleventy !== undefined) lines.push(`- eleventy-img: \`${shown(run.commands.eleventy)}\` (\`cache\`: \`useCache: true\`, its default)`);
  if (big !== undefined) lines.push(`- ${path.basename(big.dir)}: \`${shown(big.command)}\``);
  if (run.straceMissing !== undefined) lines.push(`- strace was not available (${run.straceMissing}): child processes checked from /proc only.`);
  lines.push('', '**Notes**:', '', ...(run.peer === undefined ? [] : ELEVENTY_NOTE));
  return lines;
}

module.exports = { report };
