import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Job, Op } from '../../src';
import { asyncFileIO, blockingFileIO } from '../../src/job/file-io';
import { processJob } from '../../src/job/process-job';
import { outputSize } from '../../src/ops';
import { fixtures, tempDir } from '../helpers/fixtures';
import { ioJob } from '../helpers/io';

const job = (out: string, op: Op, optimizeCoding: Job['optimizeCoding']): Job => ioJob(fixtures.landscapeJpg, out, { op, optimizeCoding });

async function bytesWritten(op: Op, optimizeCoding: Job['optimizeCoding']): Promise<number> {
  const out = path.join(tempDir(), 'out.jpg');
  const result = await processJob(job(out, op, optimizeCoding));
  expect(result.status).toBe('ok');
  return fs.statSync(out).size;
}

describe('optimizeCoding auto', () => {
  // landscape.jpg is 600×450: a 150×150 thumbnail keeps 1/12 of its pixels, grayscale all of them.
  test.each<{ name: string; op: Op; same: boolean }>([
    { name: 'a thumbnail (1/12 of the pixels) gets optimised tables', op: { op: 'thumbnail', size: 150 }, same: true },
    { name: 'grayscale (every pixel) gets the standard tables', op: { op: 'grayscale' }, same: false },
    { name: 'a resize that changes nothing gets the standard tables', op: { op: 'resize' }, same: false },
  ])('$name', async ({ op, same }) => {
    const [auto, on, off] = [await bytesWritten(op, 'auto'), await bytesWritten(op, true), await bytesWritten(op, false)];
    expect(on).toBeLessThan(off);
    expect(auto).toBe(same ? on : off);
  });
});

describe('file IO', () => {
  test.each([
    { name: 'async', io: asyncFileIO },
    { name: 'blocking', io: blockingFileIO },
  ])('$name: same output, no temporary left, FIFO refused without blocking', async ({ io }) => {
    const dir = tempDir();
    const out = path.join(dir, 'nested', 'out.jpg');
    const ok = await processJob(job(out, { op: 'thumbnail', size: 64 }, 'auto'), io);
    expect(ok).toMatchObject({ status: 'ok', width: 600, height: 450, outputs: [{ width: 64, height: 64 }], bytesIn: fs.statSync(fixtures.landscapeJpg).size });
    expect(fs.readdirSync(path.dirname(out))).toEqual(['out.jpg']);
    const empty = path.join(dir, 'empty.jpg');
    fs.writeFileSync(empty, '');
    expect(await processJob({ ...job(path.join(dir, 'e.jpg'), { op: 'grayscale' }, 'auto'), input: empty }, io)).toMatchObject({
      status: 'failed',
      error: { code: 'EMPTY_FILE' },
    });
    const fifo = path.join(dir, 'fifo.jpg');
    execFileSync('mkfifo', [fifo]);
    expect(await processJob({ ...job(path.join(dir, 'f.jpg'), { op: 'grayscale' }, 'auto'), input: fifo }, io)).toMatchObject({
      status: 'skipped',
      reason: 'not-regular-file',
    });
    const missing = await processJob({ ...job(path.join(dir, 'm.jpg'), { op: 'grayscale' }, 'auto'), input: path.join(dir, 'missing.jpg') }, io);
    expect(missing).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND' } });
  });
});

describe('every output has exactly the size planning names it by (outputSize)', () => {
  // Sizes where sharp's own rounding (after JPEG shrink-on-load) differs from plain rounding by a
  // pixel, with resizes by width, by height, into a box, the default box and to 2 px.
  const sizes: readonly [number, number][] = [
    [600, 450],
    [1000, 333],
    [1600, 1067],
    [2000, 1125],
    [333, 1000],
    [7, 5],
  ];
  const ops: readonly Op[] = [
    { op: 'resize', width: 320 },
    { op: 'resize', height: 150 },
    { op: 'resize', width: 500, height: 100 },
    { op: 'resize' },
    { op: 'resize', width: 2 },
    { op: 'thumbnail', size: 40 },
  ];
  test.each(sizes.flatMap(([w, h]) => (['jpeg', 'png'] as const).map((kind) => ({ w, h, kind }))))(
    '$w×$h $kind, one output and several',
    async ({ w, h, kind }) => {
      const dir = tempDir();
      const input = path.join(dir, `in.${kind === 'jpeg' ? 'jpg' : 'png'}`);
      const img = sharp({ create: { width: w, height: h, channels: 3, background: '#468' } });
      fs.writeFileSync(input, await (kind === 'jpeg' ? img.jpeg() : img.png()).toBuffer());
      const outputs = ops.map((op, i) => ({ path: path.join(dir, `o${i}.png`), ops: [op], format: 'png' as const, quality: 85 }));
      const one = await Promise.all(outputs.map((out) => processJob({ ...ioJob(input, out.path), outputs: [out] })));
      const several = await processJob({ ...ioJob(input, ''), outputs });
      const expected = ops.map((op) => outputSize([op], w, h));
      expect(one.map((r) => (r.status === 'ok' ? { width: r.outputs[0]?.width, height: r.outputs[0]?.height } : r))).toEqual(expected);
      expect(several.status === 'ok' ? several.outputs.map((o) => ({ width: o.width, height: o.height })) : several).toEqual(expected);
    },
  );
});
