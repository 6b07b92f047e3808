import fs from 'node:fs';
import path from 'node:path';
import { processJob } from '../../src/job/process-job';
import { fileIOWith } from '../../src/job/file-io';
import { HEAD_BYTES, openInput, WHOLE_FILE_LIMIT } from '../../src/job/input';
import { asyncSys, blockingSys } from '../../src/job/sys';
import { fixtures, repoRoot, tempDir } from '../helpers/fixtures';
import { jpeg, svgCanvas } from '../helpers/hostile';
import { fileIOs, idOf, ioJob, onLinux, openFds } from '../helpers/io';

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A folder whose file system keeps files sparse: the temporary folder, else one in the worktree. */
function sparseDir(): string {
  const probe = (dir: string): boolean => {
    const file = path.join(dir, 'probe');
    fs.writeFileSync(file, 'x');
    fs.truncateSync(file, 256 * 1024 * 1024);
    const sparse = fs.statSync(file).blocks * 512 < 1024 * 1024;
    fs.rmSync(file);
    return sparse;
  };
  const tmp = tempDir();
  if (probe(tmp)) return tmp;
  const local = fs.mkdtempSync(path.join(repoRoot, '.sparse-test-'));
  created.push(local);
  if (!probe(local)) throw new Error(`neither ${tmp} nor ${local} keeps files sparse`);
  return local;
}

/** `content` at the start of a sparse file of `size` bytes (the rest reads as zeros). */
function sparseFile(dir: string, name: string, content: Buffer, size: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  fs.truncateSync(file, size);
  return file;
}

const GiB = 1024 ** 3;

(onLinux ? describe : describe.skip)('large inputs: memory follows pixels, not file size (Linux)', () => {
  test.each(fileIOs.flatMap(({ io, fileIO }) => [3 * GiB, 1.9e9].map((size) => ({ io, fileIO, size }))))(
    '$io: a small JPEG at the start of a sparse $size-byte file',
    async ({ fileIO, size }) => {
      const dir = sparseDir();
      const input = sparseFile(dir, 'big.jpg', await jpeg(64, 48), size);
      const job = ioJob(input, path.join(dir, 'out', 'big.jpg'), { sourceId: idOf(input) });
      const rssBefore = process.memoryUsage().rss;
      const fdsBefore = openFds();
      const started = performance.now();
      const result = await processJob(job, fileIO);
      const ms = performance.now() - started;
      const grew = process.memoryUsage().rss - rssBefore;
      // A JPEG followed by zeros decodes: libjpeg stops at its end marker, libvips never reads on.
      expect(result).toMatchObject({ status: 'ok', bytesIn: size, outputs: [{ width: 16, height: 16 }] });
      expect(JSON.stringify(result)).not.toMatch(/2 GiB/);
      expect(grew).toBeLessThan(200 * 1024 * 1024);
      expect(ms).toBeLessThan(10_000); // ~10 ms measured; reading it whole took 8 s for 1.9 GB
      expect(openFds()).toBeLessThanOrEqual(fdsBefore);
    },
  );

  test.each(fileIOs)('$io: a damaged JPEG decoded from its descriptor fails with libvips words (the retry reads it too)', async ({ fileIO }) => {
    const dir = sparseDir();
    const input = sparseFile(dir, 'corrupt.jpg', fs.readFileSync(fixtures.corruptJpg), 40e6);
    const fdsBefore = openFds();
    const result = await processJob(ioJob(input, path.join(dir, 'out.jpg')), fileIO);
    expect(result).toMatchObject({
      status: 'failed',
      bytesIn: 40e6,
      error: { code: 'DECODE_FAILED', message: /^cannot decode the JPEG image, it is corrupt or truncated: VipsJpeg: / },
    });
    expect(openFds()).toBeLessThanOrEqual(fdsBefore);
  });

  test.each<{ name: string; size: number; content: () => Promise<Buffer>; whole: boolean }>([
    { name: 'a JPEG of exactly 32 MiB is read whole', size: WHOLE_FILE_LIMIT, content: () => jpeg(8, 8), whole: true },
    { name: 'a JPEG one byte over 32 MiB is read as a head', size: WHOLE_FILE_LIMIT + 1, content: () => jpeg(8, 8), whole: false },
    { name: 'an SVG over 32 MiB is read whole (rendered from memory only)', size: 40e6, content: async () => svgCanvas(8, 8), whole: true },
  ])('$name', async ({ size, content, whole }) => {
    const dir = sparseDir();
    const input = sparseFile(dir, 'x', await content(), size);
    for (const sys of [asyncSys, blockingSys]) {
      const read = await openInput(sys, ioJob(input, path.join(dir, 'o.jpg')), true);
      if (read.kind !== 'file') throw new Error(`expected a file, got ${read.kind}`);
      try {
        expect(read.input.size).toBe(size);
        expect(read.input.data?.length).toBe(whole ? size : undefined);
        expect(read.input.head.length).toBe(whole ? size : HEAD_BYTES);
        expect(read.input.source).toEqual(whole ? read.input.data : expect.stringMatching(/^\/proc\/self\/fd\/\d+$/));
      } finally {
        await read.input.close();
      }
    }
  });
});

(onLinux ? test : test.skip)('without /proc/self/fd a file over 2 GiB is refused, not read whole', async () => {
  const dir = sparseDir();
  const input = sparseFile(dir, 'big.jpg', await jpeg(8, 8), 3 * GiB);
  const rssBefore = process.memoryUsage().rss;
  await expect(openInput(blockingSys, ioJob(input, path.join(dir, 'o.jpg')), false)).rejects.toMatchObject({
    code: 'READ_FAILED',
    message: /^cannot read the input: it is 3221225472 bytes/,
  });
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
});

describe('read errors say they are read errors', () => {
  test.each(
    [
      { errno: 'EIO', code: 'IO_ERROR', message: 'cannot read the input: input/output error (EIO)' },
      { errno: 'ESTALE', code: 'READ_FAILED', message: 'cannot read the input: ESTALE: stale file handle, read' },
    ].flatMap((c) => [true, false].map((procFd) => ({ ...c, procFd }))),
  )('$errno (procFd $procFd) → $code', async ({ errno, code, message, procFd }) => {
    const dir = tempDir();
    const failing = (): Promise<number> =>
      Promise.reject(Object.assign(new Error(`${errno}: ${errno === 'EIO' ? 'i/o error' : 'stale file handle'}, read`), { code: errno }));
    const fdsBefore = onLinux ? openFds() : 0;
    const result = await processJob(ioJob(fixtures.landscapeJpg, path.join(dir, 'o.jpg')), fileIOWith({ ...blockingSys, read: failing }, procFd));
    expect(result).toMatchObject({ status: 'failed', error: { code, message } });
    if (onLinux) expect(openFds()).toBeLessThanOrEqual(fdsBefore);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
