/**
 * The clock of time the process ran (RunClock) with a fake time source, and the rule that re-runs
 * a file sharp stopped for time spent stopped (stopAwareTimeouts) with a fake runner.
 */
import type { Job, JobResult, JobRunner } from '../../src/core/types';
import { RunClock } from '../../src/runners/run-clock';
import { stopAwareTimeouts } from '../../src/runners/stop-aware';
import { ioJob } from '../helpers/io';

/** A time source the test moves by hand. */
function fakeTime(): { source: () => number; advance: (ms: number) => void } {
  let now = 1_000;
  return { source: () => now, advance: (ms) => (now += ms) };
}

describe('RunClock', () => {
  test('gaps up to lateMs are running time', () => {
    const t = fakeTime();
    const clock = new RunClock({ source: t.source, tickMs: 250, lateMs: 1000 });
    const watch = clock.start();
    for (let i = 0; i < 8; i += 1) {
      t.advance(250);
      clock.runningMs();
    }
    t.advance(1000);
    expect(watch.ranMs()).toBe(3000);
    expect(watch.stoppedMs()).toBe(0);
  });

  test('a gap longer than lateMs (the process was stopped) adds one tick; the rest is stopped time', () => {
    const t = fakeTime();
    const clock = new RunClock({ source: t.source, tickMs: 250, lateMs: 1000 });
    const watch = clock.start();
    t.advance(500);
    expect(watch.ranMs()).toBe(500);
    t.advance(60_000); // Ctrl-Z for a minute, then fg
    expect(watch.ranMs()).toBe(750);
    expect(watch.stoppedMs()).toBe(59_750);
    t.advance(250);
    expect(watch.ranMs()).toBe(1000);
  });

  test('stopwatches started at different moments each count from their own start', () => {
    const t = fakeTime();
    const clock = new RunClock({ source: t.source });
    const first = clock.start();
    t.advance(400);
    const second = clock.start();
    t.advance(5000);
    clock.runningMs(); // the first tick after the stop
    t.advance(100);
    expect([first.ranMs(), second.ranMs()]).toEqual([750, 350]);
    expect([first.stoppedMs(), second.stoppedMs()]).toEqual([4750, 4750]);
  });

  test('while held it ticks: each tick reads the clock and calls the listeners; released, it stops', () => {
    jest.useFakeTimers();
    try {
      const clock = new RunClock({ source: () => Date.now(), tickMs: 250, lateMs: 1000 });
      const ticks: number[] = [];
      clock.onTick(() => ticks.push(clock.runningMs()));
      clock.hold();
      const watch = clock.start();
      jest.advanceTimersByTime(1000);
      expect(ticks).toHaveLength(4);
      // The process is stopped for 10 s: the timer fires once, late, on SIGCONT.
      jest.setSystemTime(Date.now() + 10_000);
      jest.advanceTimersByTime(250);
      expect(watch.ranMs()).toBe(1250);
      expect(watch.stoppedMs()).toBe(10_000);
      clock.release();
      jest.advanceTimersByTime(5000);
      expect(ticks).toHaveLength(5);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('stopAwareTimeouts', () => {
  const job = { input: '/in/a.jpg', timeoutSeconds: 10 } as unknown as Job;
  const timeout = (ms: number): JobResult => ({
    status: 'failed',
    input: job.input,
    outputs: [],
    bytesIn: 1,
    ms,
    error: { code: 'TIMEOUT', message: 'libvips stopped it' },
  });
  const ok = (ms: number): JobResult => ({
    status: 'ok',
    input: job.input,
    outputs: [{ path: '/out/a.jpg', format: 'jpeg', width: 1, height: 1, bytes: 1, ms }],
    bytesIn: 1,
    bytesOut: 1,
    width: 1,
    height: 1,
    pixelsIn: 1,
    ms,
  });

  /** A runner whose attempts run `ran` ms (the clock ticking) and are then stopped for `stopped` ms, each. */
  function fakeRunner(
    t: ReturnType<typeof fakeTime>,
    clock: RunClock,
    attempts: { ran: number; stopped: number; result: JobResult }[],
  ): { runner: JobRunner; seen: number[] } {
    const seen: number[] = [];
    const runner: JobRunner = {
      capacity: 1,
      close: async () => {},
      run: async (j) => {
        seen.push(j.timeoutSeconds);
        const a = attempts.shift();
        if (a === undefined) throw new Error('no more attempts');
        for (let left = a.ran; left > 0; left -= 250) {
          t.advance(Math.min(250, left));
          clock.runningMs();
        }
        t.advance(a.stopped);
        return a.result;
      },
    };
    return { runner, seen };
  }

  test('a TIMEOUT spanning a stop runs again with the rest of the limit; ms is the time it ran', async () => {
    const t = fakeTime();
    const clock = new RunClock({ source: t.source });
    const { runner, seen } = fakeRunner(t, clock, [
      { ran: 600, stopped: 30_000, result: timeout(30_600) },
      { ran: 900, stopped: 0, result: ok(900) },
    ]);
    const result = await stopAwareTimeouts(runner, { timeoutSeconds: 10, clock }).run(job);
    // 600 ran + one tick for the stop = 850 ms used: 9,150 ms left, rounded up to 10 s.
    expect(seen).toEqual([10, 10]);
    expect(result).toMatchObject({ status: 'ok', ms: 600 + 250 + 900 });
  });

  test('the rest of the limit is rounded up to whole seconds', async () => {
    const t = fakeTime();
    const clock = new RunClock({ source: t.source });
    const { runner, seen } = fakeRunner(t, clock, [
      { ran: 7000, stopped: 5000, result: timeout(12_000) },
      { ran: 2000, stopped: 0, result: timeout(2000) },
    ]);
    const result = await stopAwareTimeouts(runner, { timeoutSeconds: 10, clock }).run(job);
    expect(seen).toEqual([10, 3]);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' }, ms: 9250 });
  });

  test('a TIMEOUT with no stop stands; its ms is the time it ran, never 0', async () => {
    const t = fakeTime();
    const clock = new RunClock({ source: t.source });
    const { runner, seen } = fakeRunner(t, clock, [{ ran: 800, stopped: 0, result: timeout(0) }]);
    const result = await stopAwareTimeouts(runner, { timeoutSeconds: 10, clock }).run(job);
    expect(seen).toEqual([10]);
    expect(result).toMatchObject({ status: 'failed', ms: 800 });
  });

  test("a result without a stop keeps the worker's own ms; no limit means no retry", async () => {
    const t = fakeTime();
    const clock = new RunClock({ source: t.source });
    const { runner } = fakeRunner(t, clock, [
      { ran: 300, stopped: 0, result: ok(123) },
      { ran: 300, stopped: 9000, result: timeout(9300) },
    ]);
    expect(await stopAwareTimeouts(runner, { timeoutSeconds: 10, clock }).run(job)).toMatchObject({ ms: 123 });
    expect(await stopAwareTimeouts(runner, { timeoutSeconds: 0, clock }).run(job)).toMatchObject({ status: 'failed', ms: 550 });
  });
});

describe('stopAwareTimeouts wraps any runner', () => {
  test('a class runner (methods on its prototype) keeps every method it has', async () => {
    const calls: string[] = [];
    class Recording implements JobRunner {
      readonly capacity = 3;
      run(job: Job): Promise<JobResult> {
        calls.push('run');
        return Promise.resolve({ status: 'skipped', reason: 'exists', input: job.input, outputs: [], bytesIn: 0, ms: 1 });
      }
      close(): Promise<void> {
        calls.push('close');
        return Promise.resolve();
      }
      terminate(): Promise<void> {
        calls.push('terminate');
        return Promise.resolve();
      }
      prepare(): void {
        calls.push('prepare');
      }
      start(threads?: number): void {
        calls.push(`start ${String(threads)}`);
      }
    }
    const wrapped = stopAwareTimeouts(new Recording(), { clock: new RunClock(), timeoutSeconds: 0 });
    expect(wrapped.capacity).toBe(3);
    wrapped.prepare?.();
    wrapped.start?.(2);
    await wrapped.run(ioJob('a.jpg', 'b.jpg'));
    await wrapped.terminate?.();
    await wrapped.close();
    expect(calls).toEqual(['prepare', 'start 2', 'run', 'terminate', 'close']);
  });
});
