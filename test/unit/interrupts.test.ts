/**
 * Interrupts as parameters: the listener main installs first, and a batch that starts already
 * interrupted (the signal came while imgbatch was starting up).
 */
import { EventEmitter } from 'node:events';
import { interruptOf, listenForInterrupts, type InterruptSignal, type SignalSource } from '../../src/cli/interrupts';
import { fixtures, listFiles, tempDir } from '../helpers/fixtures';
import { runCliInProcess } from '../helpers/run-cli';

const aborted = (reason: InterruptSignal): AbortSignal => {
  const c = new AbortController();
  c.abort(reason);
  return c.signal;
};

describe('listenForInterrupts', () => {
  test('the first signal aborts with its name; the second stops listening and leaves', () => {
    const source = new EventEmitter();
    const left: InterruptSignal[] = [];
    const interrupts = listenForInterrupts(source as unknown as SignalSource, (s) => left.push(s));
    source.emit('SIGTERM');
    expect(interruptOf(interrupts.signal)).toBe('SIGTERM');
    expect(left).toEqual([]);
    source.emit('SIGINT');
    expect(left).toEqual(['SIGINT']);
    expect(source.listenerCount('SIGINT') + source.listenerCount('SIGTERM')).toBe(0);
  });

  test('stop() removes both listeners', () => {
    const source = new EventEmitter();
    listenForInterrupts(source as unknown as SignalSource, () => {}).stop();
    expect(source.listenerCount('SIGINT') + source.listenerCount('SIGTERM')).toBe(0);
  });
});

describe('a batch that starts already interrupted', () => {
  test.each<{ signal: InterruptSignal; code: number }>([
    { signal: 'SIGINT', code: 130 },
    { signal: 'SIGTERM', code: 143 },
  ])('$signal: nothing searched or written, a summary record with no files, exit $code', async ({ signal, code }) => {
    const out = tempDir();
    const run = await runCliInProcess(['resize', fixtures.photosDir, '-o', out, '--json'], { interrupt: aborted(signal) });
    expect(run.code).toBe(code);
    expect(run.records).toEqual([expect.objectContaining({ type: 'summary', total: 0, interrupted: true, exitCode: code })]);
    expect(run.stderr).toBe(`imgbatch: ${signal}: finishing the files in flight, skipping the rest (again to stop at once)\n`);
    expect(listFiles(out)).toEqual([]);
  });

  test('a usage error still wins (exit 2)', async () => {
    const run = await runCliInProcess(['resize', fixtures.photosDir, '--width', 'abc', '-o', tempDir()], { interrupt: aborted('SIGINT') });
    expect(run.code).toBe(2);
  });
});
