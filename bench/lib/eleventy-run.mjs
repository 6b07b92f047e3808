// The eleventy-img side of bench/eleventy.js, run as its own process so that `measure` covers it:
// every file of a folder through eleventy-img's API, as a site's build script would call it.
// Usage: node eleventy-run.mjs <eleventy-img module> <input dir> <output dir> <widths> <format=quality,...> [cache]
// e.g. node eleventy-run.mjs …/img.js corpus out 320,640,1280 webp=85,jpeg=85
// With `cache` (bench/incremental.js) its caches are on, as by default: an output file that exists
// already is not made again (its disk cache); without it, every output is made (a fresh run).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [module, inDir, outDir, widthList, formatList, cache] = process.argv.slice(2);
const { default: Image } = await import(pathToFileURL(module).href);
const quality = Object.fromEntries(formatList.split(',').map((f) => f.split('=')));
const EXT = { jpeg: 'jpg', webp: 'webp', avif: 'avif' };

// As many images in flight as cores (eleventy-img's default is max(8, cores), at most 16).
Image.concurrency = os.availableParallelism();

const options = {
  widths: widthList.split(',').map(Number),
  formats: Object.keys(quality),
  outputDir: outDir,
  // <name>-<width>.<ext>, as imgbatch names its outputs.
  filenameFormat: (id, src, width, format) => `${path.parse(src).name}-${width}.${EXT[format]}`,
  sharpWebpOptions: { quality: Number(quality.webp ?? 80) },
  sharpJpegOptions: { quality: Number(quality.jpeg ?? 80) },
  sharpAvifOptions: { quality: Number(quality.avif ?? 50) },
  // A fresh run: neither the in-memory nor the on-disk cache may skip work (unless `cache` is asked).
  useCache: cache === 'cache',
  // A width above the source's is not made, as imgbatch does (the default, 1.25, replaces it with
  // the source's own width when the width before it was at least 1.25× smaller than the source).
  minimumThreshold: Number.POSITIVE_INFINITY,
};

const files = fs
  .readdirSync(inDir)
  .sort()
  .map((f) => path.join(inDir, f));
const results = await Promise.all(files.map((f) => Image(f, options)));
const made = results.reduce((n, byFormat) => n + Object.values(byFormat).reduce((k, list) => k + list.length, 0), 0);
console.log(JSON.stringify({ inputs: files.length, outputs: made }));
