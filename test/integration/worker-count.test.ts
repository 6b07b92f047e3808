/**
 * Worker threads start only for work that exists, never more than the files (workerThreads).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createInlineRunner, createPoolRunner, runBatch, type JobRunner } from '../../src';
import { fixtures, tempDir } from '../helpers/fixtures';
import { runCliInProcess } from '../helpers/run-cli';
import { SHARED_INPUT_BYTES } from '../../src/runners/budget';

/** The inline runner, recording what runBatch asked of it. */
function recording(): { runner: JobRunner; calls: string[] } {
  const inline = createInlineRunner({ capacity: 8 });
  const calls: string[] = [];
  const runner: JobRunner = {
    ...inline,
    prepare: () => calls.push('prepare'),
    start: (threads, _files, small) => calls.push(`start ${String(threads)}${small === true ? ' small' : ''}`),
  };
  return { runner, calls };
}

function folder(files: number, large = 0): string {
  const dir = tempDir('imgbatch-threads-');
  for (let i = 0; i < files; i += 1) fs.copyFileSync(fixtures.landscapeJpg, path.join(dir, `${i}.jpg`));
  // Past SHARED_INPUT_BYTES: a copy of the photo with its bytes repeated after the JPEG's end.
  const photo = fs.readFileSync(fixtures.landscapeJpg);
  for (let i = 0; i < large; i += 1) fs.writeFileSync(path.join(dir, `large${i}.jpg`), Buffer.concat([photo, Buffer.alloc(SHARED_INPUT_BYTES)]));
  return dir;
}

describe('runBatch starts worker threads only for files to process', () => {
  // "small": at least half of the files are small enough to share a thread (mostlySmall).
  test.each([
    { files: 1, large: 0, concurrency: 8, expected: ['prepare', 'start 1 small'] },
    { files: 3, large: 0, concurrency: 1000, expected: ['prepare', 'start 3 small'] },
    { files: 3, large: 0, concurrency: 2, expected: ['prepare', 'start 2 small'] },
    { files: 1, large: 1, concurrency: 2, expected: ['prepare', 'start 2 small'] },
    { files: 1, large: 2, concurrency: 2, expected: ['prepare', 'start 2'] },
    { files: 0, large: 1, concurrency: 2, expected: ['prepare', 'start 1'] },
  ])('$files small and $large large file(s) at -j $concurrency: $expected', async ({ files, large, concurrency, expected }) => {
    const { runner, calls } = recording();
    const report = await runBatch({ inputs: [folder(files, large)], out: tempDir(), op: { op: 'grayscale' }, concurrency }, { runner });
    expect(calls).toEqual(expected);
    expect(report.summary.ok).toBe(files + large);
  });

  test('names that need each input\u2019s size: the probe starts the threads in one process, and the run\u2019s start changes nothing', async () => {
    const { runner, calls } = recording();
    const report = await runBatch({ inputs: [folder(3)], out: tempDir(), op: { op: 'grayscale' }, concurrency: 2, name: '{name}-{width}.{ext}' }, { runner });
    // The probe's start (no "small": it runs before planning and sharding), then the run's.
    expect(calls).toEqual(['prepare', 'start 2', 'start 2 small']);
    expect(report.summary.ok).toBe(3);
  });

  test('a hook that throws after the worker processes started still ends them', async () => {
    const hooks = {
      onStart: (): void => {
        throw new Error('hook failed');
      },
    };
    await expect(runBatch({ inputs: [folder(4)], out: tempDir(), op: { op: 'grayscale' }, concurrency: 2 }, hooks)).rejects.toThrow('hook failed');
    // Linux: the default runner's worker processes (two: the files are small) have exited.
    if (process.platform === 'linux') expect(fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim()).toBe('');
  });

  test('a run whose every file is settled in planning starts none', async () => {
    const dir = tempDir('imgbatch-threads-');
    fs.writeFileSync(path.join(dir, 'a.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
    const { runner, calls } = recording();
    const report = await runBatch({ inputs: [dir], out: tempDir(), op: { op: 'grayscale' } }, { runner });
    expect(report.summary).toMatchObject({ skipped: 1, ok: 0 });
    expect(calls).toEqual(['prepare']);
  });

  test('a plan error starts none', async () => {
    const dir = folder(1);
    const { runner, calls } = recording();
    await expect(runBatch({ inputs: [dir], out: dir, op: { op: 'grayscale' } }, { runner })).rejects.toThrow(/would overwrite an input/);
    expect(calls).toEqual(['prepare']);
  });
});

describe('the pool starts no thread before it is asked to', () => {
  test('created: none; start(2) of 8: two; a job then runs on them', async () => {
    const pool = createPoolRunner({ concurrency: 8 });
    try {
      expect(pool.threads).toBe(0);
      pool.start(2);
      expect(pool.threads).toBe(2);
      const report = await runBatch({ inputs: [folder(1)], out: tempDir(), op: { op: 'grayscale' } }, { runner: pool });
      expect(report.summary.ok).toBe(1);
      expect(pool.threads).toBe(2);
    } finally {
      await pool.close();
    }
  });
});

describe('the CLI reports the threads it used and caps -j', () => {
  test('-j 1000 on one file: one thread, a warning naming the bound, the file done', async () => {
    const run = await runCliInProcess(['resize', fixtures.landscapeJpg, '-o', tempDir(), '-j', '1000']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: -j 1000 is more than \d+ worker threads \(2 per core\)/);
    expect(run.stdout).toMatch(/files in flight on average \(-j 1\)/);
  });
});
