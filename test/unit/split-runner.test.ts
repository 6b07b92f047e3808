import type { Job, JobResult, JobRunner } from '../../src';
import { skippedResult } from '../../src/core/results';
import { MAX_WORKER_PROCESSES } from '../../src/runners/budget';
import { createSplitRunner } from '../../src/runners/split';

/** A runner that records what it is asked and holds each job until `finish` is called. */
class FakePart implements JobRunner {
  readonly capacity = 12;
  readonly calls: string[] = [];
  readonly held = new Map<number, (r: JobResult) => void>();

  constructor(readonly name: string) {}

  /** When set, every job is rejected with it at once (a process that could not start). */
  failing: Error | undefined;

  run(job: Job): Promise<JobResult> {
    this.calls.push(`run ${job.id}`);
    if (this.failing !== undefined) return Promise.reject(this.failing);
    return new Promise((resolve) => this.held.set(job.id, resolve));
  }
  finish(id: number): void {
    this.held.get(id)?.(skippedResult(String(id), 'exists'));
    this.held.delete(id);
  }
  start(threads?: number, files?: number, small?: boolean): void {
    this.calls.push(`start ${String(threads)} ${String(files)} ${String(small)}`);
  }
  prepare(): void {
    this.calls.push('prepare');
  }
  drain(): void {
    this.calls.push('drain');
  }
  close(): Promise<void> {
    this.calls.push('close');
    return Promise.resolve();
  }
}

function parts(maxParts?: number): { runner: JobRunner; first: FakePart; made: FakePart[] } {
  const first = new FakePart('first');
  const made: FakePart[] = [];
  const more = (threads: number): FakePart => {
    const part = new FakePart(`part ${made.length + 1}`);
    part.calls.push(`made with ${threads}`);
    made.push(part);
    return part;
  };
  const runner = maxParts === undefined ? createSplitRunner(first, more) : createSplitRunner(first, more, maxParts);
  return { runner, first, made };
}

const job = (id: number): Job => ({
  id,
  input: `/in/${id}.jpg`,
  outputs: [],
  optimizeCoding: 'auto',
  keepMetadata: false,
  maxPixels: 1,
  skipExisting: false,
  allowSvg: false,
  timeoutSeconds: 0,
});

/** Lets the runner's `finally` blocks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createSplitRunner: how start lays out the threads', () => {
  // `more`: the threads of each other part (each made with that many and started with them).
  test.each<{ args: [number | undefined, number | undefined, boolean | undefined]; max: number; first: string; more: number[] }>([
    { max: MAX_WORKER_PROCESSES, args: [2, 10, true], first: 'start 1 undefined true', more: [1] },
    { max: MAX_WORKER_PROCESSES, args: [4, 100, true], first: 'start 1 undefined true', more: [1, 1, 1] },
    // At most `max` processes (MAX_WORKER_PROCESSES by default): the threads spread as evenly as they go.
    { max: MAX_WORKER_PROCESSES, args: [6, 100, true], first: 'start 2 undefined true', more: [2, 1, 1] },
    { max: MAX_WORKER_PROCESSES, args: [9, 100, true], first: 'start 3 undefined true', more: [2, 2, 2] },
    { args: [4, 100, true], max: 2, first: 'start 2 undefined true', more: [2] },
    { args: [4, 100, true], max: 1, first: 'start 4 100 true', more: [] },
    { max: MAX_WORKER_PROCESSES, args: [2, 10, false], first: 'start 2 10 false', more: [] },
    { max: MAX_WORKER_PROCESSES, args: [2, 10, undefined], first: 'start 2 10 undefined', more: [] },
    { max: MAX_WORKER_PROCESSES, args: [1, 1, true], first: 'start 1 1 true', more: [] },
    { max: MAX_WORKER_PROCESSES, args: [1, 50, true], first: 'start 1 50 true', more: [] },
    { max: MAX_WORKER_PROCESSES, args: [undefined, undefined, true], first: 'start undefined undefined true', more: [] },
  ])('start($args), at most $max parts: the first runner gets "$first", others $more thread(s)', ({ args, max, first: firstCall, more }) => {
    const { runner, first, made } = parts(max);
    runner.start?.(...args);
    expect(first.calls).toEqual([firstCall]);
    expect(made.map((part) => part.calls)).toEqual(more.map((n) => [`made with ${n}`, `start ${n} undefined true`]));
  });

  test('a second start changes nothing; capacity is the first runner\u2019s', () => {
    const { runner, first, made } = parts();
    runner.start?.(2, 10, true);
    runner.start?.(4, 10, true);
    expect(first.calls).toHaveLength(1);
    expect(made).toHaveLength(1);
    expect(runner.capacity).toBe(12);
  });

  test('prepare goes to the first runner only', () => {
    const { runner, first } = parts();
    runner.prepare?.();
    expect(first.calls).toEqual(['prepare']);
  });
});

describe('createSplitRunner: where jobs go', () => {
  test('to the part with the fewest jobs in flight, the first of equals', async () => {
    const { runner, first, made } = parts();
    runner.start?.(2, 10, true);
    const [part] = made;
    if (part === undefined) throw new Error('start(2, 10, true) made no second part');
    const results = [0, 1, 2, 3].map((id) => runner.run(job(id)));
    expect(first.calls.filter((c) => c.startsWith('run'))).toEqual(['run 0', 'run 2']);
    expect(part.calls.filter((c) => c.startsWith('run'))).toEqual(['run 1', 'run 3']);
    // The second part finishes both: the next two go to it.
    part.finish(1);
    part.finish(3);
    await settle();
    void runner.run(job(4));
    void runner.run(job(5));
    expect(part.calls.filter((c) => c.startsWith('run'))).toEqual(['run 1', 'run 3', 'run 4', 'run 5']);
    first.finish(0);
    first.finish(2);
    await expect(Promise.all(results)).resolves.toHaveLength(4);
  });

  test('by jobs in flight per thread when the parts have different threads', () => {
    const { runner, first, made } = parts(2);
    runner.start?.(3, 30, true);
    for (let id = 0; id < 6; id += 1) void runner.run(job(id));
    expect(first.calls.filter((c) => c.startsWith('run'))).toEqual(['run 0', 'run 2', 'run 3', 'run 5']);
    expect(made[0]?.calls.filter((c) => c.startsWith('run'))).toEqual(['run 1', 'run 4']);
  });

  test('by default over at most MAX_WORKER_PROCESSES processes', () => {
    const { runner, made } = parts();
    runner.start?.(MAX_WORKER_PROCESSES + 3, 100, true);
    expect(made).toHaveLength(MAX_WORKER_PROCESSES - 1);
  });

  test('a part that rejects a job (its process could not start) takes no more; the job goes to another', async () => {
    const { runner, first, made } = parts(2);
    runner.start?.(2, 10, true);
    first.failing = new Error('the worker process died before it was ready');
    const results = [0, 1, 2].map((id) => runner.run(job(id)));
    await settle();
    const part = made[0];
    if (part === undefined) throw new Error('no second part');
    // Jobs 0 and 2 were sent to the first part before its rejections came back; both went on to
    // the second, which runs every job; a later job goes there at once.
    expect(first.calls.filter((c) => c.startsWith('run'))).toEqual(['run 0', 'run 2']);
    expect(part.calls.filter((c) => c.startsWith('run')).sort()).toEqual(['run 0', 'run 1', 'run 2']);
    void runner.run(job(3));
    expect(first.calls.filter((c) => c.startsWith('run'))).toEqual(['run 0', 'run 2']);
    expect(part.calls.at(-1)).toBe('run 3');
    for (const id of [0, 1, 2]) part.finish(id);
    await expect(Promise.all(results)).resolves.toHaveLength(3);
  });

  test('when no part works the job is rejected with the error; while stopping a rejection is not retried', async () => {
    const alone = parts(1);
    alone.first.failing = new Error('broken install');
    await expect(alone.runner.run(job(0))).rejects.toThrow('broken install');
    const two = parts(2);
    two.runner.start?.(2, 10, true);
    two.first.failing = new Error('terminated');
    const closing = two.runner.close();
    await expect(two.runner.run(job(1))).rejects.toThrow('terminated');
    await closing;
    expect(two.made[0]?.calls.filter((c) => c.startsWith('run'))).toEqual([]);
  });

  test('start after close or terminate starts nothing', async () => {
    const { runner, first, made } = parts();
    await runner.close();
    runner.start?.(4, 100, true);
    expect(first.calls).toEqual(['close']);
    expect(made).toHaveLength(0);
  });

  test('without start every job goes to the first runner, and a later start makes no parts', () => {
    const { runner, first, made } = parts();
    void runner.run(job(0));
    void runner.run(job(1));
    runner.start?.(2, 2, true);
    expect(first.calls).toEqual(['run 0', 'run 1']);
    expect(made).toHaveLength(0);
  });

  test('drain, close and terminate reach every part (terminate falls back to close)', async () => {
    const { runner, first, made } = parts();
    runner.start?.(3, 9, true);
    runner.drain?.();
    await runner.close();
    await runner.terminate?.();
    for (const part of [first, ...made]) expect(part.calls.filter((c) => !c.startsWith('made') && !c.startsWith('start'))).toEqual(['drain', 'close', 'close']);
  });
});
