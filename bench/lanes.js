#!/usr/bin/env node
'use strict';
// An experiment for the per-file overhead issue, not a product path: where does imgbatch's cost
// over the pixel work go on many small files? Two stand-ins for a different worker layout run the
// same jobs through the same `processJob` (dist/) as imgbatch's workers, beside imgbatch itself and
// sharp-cli, in rotating order, one round after another:
// - `lanes-main`: N worker processes, each running up to K files at once on its main thread and
//   reporting straight to this parent (no worker thread, no relay through a second main thread);
// - `lanes-thread`: the same, except that each worker process hands its files to one worker thread
//   (plain worker_threads, no piscina) and relays the results: the cost of one thread hop per file.
// No supervision (hard limits, crash retries), no planning, no report: a lower bound for a layout,
// to be compared with imgbatch's whole run. Needs `npm run build`.
// Usage: node bench/lanes.js [--dir bench/.corpus/tiny-2000] [--op thumbnail|resize]
//   [--rounds 5] [--n 2] [--k 2] [--threads 1] [--uv <libuv pool size>] [--only name,name]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { fork } = require('node:child_process');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const { arg } = require('./lib/args');
const { benchJob } = require('./lib/jobs');

const root = path.resolve(__dirname, '..');
const K = Number(process.env.LANES_K ?? arg('k', 2));

/** Runs jobs K at a time with `processJob`; `done(result)` for each. */
function jobRunner(done) {
  const sharp = require('sharp');
  sharp.concurrency(1);
  sharp.cache(false);
  const { processJob } = require(path.join(root, 'dist/job/process-job'));
  const { blockingFileIO } = require(path.join(root, 'dist/job/file-io'));
  const queue = [];
  let running = 0;
  const pump = () => {
    while (running < K && queue.length > 0) {
      running += 1;
      void processJob(queue.shift(), blockingFileIO).then((result) => {
        running -= 1;
        done(result, running === 0 && queue.length === 0);
        pump();
      });
    }
  };
  return (jobs) => {
    queue.push(...jobs);
    pump();
  };
}

/** imgbatch's own worker (dist/runners/worker.js) in a piscina pool of `--threads` threads, K files each. */
function piscinaRunner(done) {
  const { Piscina } = require('piscina');
  const threads = Number(arg('threads', 1));
  const pool = new Piscina({ filename: path.join(root, 'dist/runners/worker.js'), minThreads: threads, maxThreads: threads, concurrentTasksPerWorker: K });
  let pending = 0;
  return (jobs) => {
    for (const job of jobs) {
      pending += 1;
      void pool.run(job).then((result) => {
        pending -= 1;
        done(result, pending === 0);
      });
    }
  };
}

/** A worker process: results go to the parent a few at a time (10 ms, or at once when idle), as imgbatch's child does. */
function workerProcess(mode) {
  const out = [];
  let timer;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (out.length > 0) process.send(out.splice(0));
  };
  const done = (result, idle) => {
    out.push(result);
    if (idle) flush();
    else timer ??= setTimeout(flush, 10);
  };
  let take;
  if (mode === 'main') take = jobRunner(done);
  else if (mode === 'piscina') take = piscinaRunner(done);
  else {
    const thread = new Worker(__filename, { env: { ...process.env, LANES_THREAD: '1' } });
    thread.on('message', ({ result, idle }) => done(result, idle));
    take = (jobs) => thread.postMessage(jobs);
  }
  process.on('message', (m) => (m === 'end' ? process.exit(0) : take(m)));
}

/** N worker processes, each with at most 6 files sent ahead (as imgbatch's capacity per thread). */
function parent(mode, jobsFile) {
  const jobs = JSON.parse(fs.readFileSync(jobsFile, 'utf8'));
  const n = Number(arg('n', 2));
  let next = 0;
  let done = 0;
  let failed = 0;
  const kids = Array.from({ length: n }, () => {
    const kid = fork(__filename, ['--worker', mode, ...process.argv.slice(5)], {
      env: { ...process.env, UV_THREADPOOL_SIZE: arg('uv', String(K * Number(arg('threads', 1)) + 2)) },
    });
    kid.inFlight = 0;
    kid.on('message', (results) => {
      kid.inFlight -= results.length;
      done += results.length;
      failed += results.filter((r) => r.status !== 'ok').length;
      feed(kid);
      if (done === jobs.length) {
        for (const k of kids) k.send('end');
        if (failed > 0) process.exitCode = 1;
      }
    });
    return kid;
  });
  function feed(kid) {
    const batch = [];
    while (kid.inFlight < (K + 4) * Number(arg('threads', 1)) && next < jobs.length) {
      batch.push(jobs[next]);
      next += 1;
      kid.inFlight += 1;
    }
    if (batch.length > 0) kid.send(batch);
  }
  for (const kid of kids) feed(kid);
}

/** The jobs imgbatch's worker would get for `op` on `dir` (JPEG q85, as the suite asks every tool). */
function writeJobs(dir, op, out, file) {
  const jobs = fs.readdirSync(dir).map((name, id) =>
    benchJob({
      id,
      input: path.join(dir, name),
      bytes: fs.statSync(path.join(dir, name)).size,
      output: path.join(out, name.replace(/\.[^.]*$/, '.jpg')),
      outputRoot: out,
      op,
      timeoutSeconds: 60,
    }),
  );
  fs.writeFileSync(file, JSON.stringify(jobs));
}

async function compare() {
  const { measure, median } = require('./lib/proc');
  const { tools } = require('./lib/tools');
  const dir = path.resolve(arg('dir', path.join(__dirname, '.corpus', 'tiny-2000')));
  const op = arg('op', 'thumbnail');
  const rounds = Number(arg('rounds', 5));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'imgbatch-lanes-'));
  const out = path.join(work, 'out');
  const jobsFile = path.join(work, 'jobs.json');
  writeJobs(dir, op, out, jobsFile);
  const t = tools();
  const lanes = (mode) => [process.execPath, [__filename, '--lanes', mode, jobsFile, ...process.argv.slice(2)]];
  const runs = { imgbatch: t.imgbatch.cmd(op, dir, out), 'lanes-main': lanes('main'), 'lanes-thread': lanes('thread'), 'lanes-piscina': lanes('piscina') };
  if (t['sharp-cli']) runs['sharp-cli'] = t['sharp-cli'].cmd(op, dir, out);
  const only = arg('only', undefined)?.split(',');
  const names = Object.keys(runs).filter((n) => only === undefined || only.includes(n));
  const walls = Object.fromEntries(names.map((n) => [n, []]));
  const rss = Object.fromEntries(names.map((n) => [n, []]));
  console.log(`${op} on ${dir} (${fs.readdirSync(dir).length} files), ${rounds} rounds after a warm-up, N=${arg('n', 2)} K=${K}`);
  for (let r = -1; r < rounds; r += 1) {
    const order = names.map((_n, i) => names[(i + Math.max(r, 0)) % names.length]);
    for (const name of order) {
      fs.rmSync(out, { recursive: true, force: true });
      fs.mkdirSync(out, { recursive: true });
      const [cmd, args] = runs[name];
      const m = await measure(cmd, args);
      if (m.code !== 0) throw new Error(`${name} exited ${m.code}: ${m.stderr.slice(0, 400)}`);
      const written = fs.readdirSync(out).filter((f) => f.endsWith('.jpg')).length;
      if (written !== fs.readdirSync(dir).length) throw new Error(`${name} wrote ${written} images`);
      if (r < 0) continue;
      walls[name].push(m.wallMs / 1000);
      rss[name].push(m.peakRssMb);
    }
    if (r >= 0) console.log(`round ${r + 1}: ${names.map((n) => `${n} ${walls[n].at(-1).toFixed(2)} s`).join(', ')}`);
  }
  const ratio = (a, b) => median(walls[a].map((w, i) => w / walls[b][i]));
  for (const n of names) {
    const vs = (other) => (names.includes(other) && n !== other ? `, ${ratio(n, other).toFixed(2)}× ${other}` : '');
    console.log(`${n}: median ${median(walls[n]).toFixed(2)} s, peak RSS ${median(rss[n]).toFixed(0)} MB${vs('imgbatch')}${vs('sharp-cli')}`);
  }
  fs.rmSync(work, { recursive: true, force: true });
}

if (!isMainThread) {
  const take = jobRunner((result, idle) => parentPort.postMessage({ result, idle }));
  parentPort.on('message', take);
} else if (process.argv[2] === '--worker') workerProcess(process.argv[3]);
else if (process.argv[2] === '--lanes') parent(process.argv[3], process.argv[4]);
else
  compare().catch((error) => {
    console.error(error);
    process.exit(1);
  });
