import { barSink, progressSink, wantsBar, type Streams } from '../../src/cli/progress';

/** A stream that records what is written to it, claiming to be a terminal or not. */
function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; writes: string[] } {
  const writes: string[] = [];
  const stream = {
    isTTY,
    columns: 80,
    write: (chunk: string | Uint8Array): boolean => {
      writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, writes };
}

function streams(stdoutTTY: boolean, stderrTTY: boolean): Streams & { out: string[]; err: string[] } {
  const stdout = fakeStream(stdoutTTY);
  const stderr = fakeStream(stderrTTY);
  return { stdout: stdout.stream, stderr: stderr.stream, out: stdout.writes, err: stderr.writes };
}

describe('progress bar: which sink', () => {
  const cases: { stdoutTTY: boolean; stderrTTY: boolean; json: boolean; quiet: boolean; progress: boolean }[] = [];
  for (const stdoutTTY of [true, false])
    for (const stderrTTY of [true, false])
      for (const json of [true, false])
        for (const quiet of [true, false]) for (const progress of [true, false]) cases.push({ stdoutTTY, stderrTTY, json, quiet, progress });

  test.each(cases)('stdout TTY $stdoutTTY, stderr TTY $stderrTTY, --json $json, --quiet $quiet, progress $progress', (c) => {
    const io = streams(c.stdoutTTY, c.stderrTTY);
    const expected = c.stdoutTTY && c.stderrTTY && !c.json && !c.quiet && c.progress;
    expect(wantsBar(c, io)).toBe(expected);
    // What the chosen sink does: a bar writes to stderr, plain lines never do.
    const sink = progressSink(c, io);
    sink.start(2);
    sink.tick('one');
    sink.stop();
    expect(io.out).toEqual(['one\n']);
    expect(io.err.length > 0).toBe(expected);
  });

  test('stdout piped, stderr a terminal (`imgbatch … | tee log`): the results hold no bar', () => {
    const io = streams(false, true);
    const sink = progressSink({ json: false, quiet: false, progress: true }, io);
    sink.start(3);
    for (const line of ['a', 'b', 'c']) sink.tick(line);
    sink.stop();
    expect(io.out.join('')).toBe('a\nb\nc\n');
    expect(io.err).toEqual([]);
  });
});

describe('progress bar after stop (an interrupt)', () => {
  const flags = { json: false, quiet: false, progress: true };

  test('ticks after stop() print their lines and never draw the bar again', () => {
    const io = streams(true, true);
    const sink = barSink(io);
    sink.start(200);
    sink.tick('first');
    expect(io.err.join('')).toContain('1/200');
    sink.stop();
    const stderrAtStop = io.err.length;
    for (let i = 0; i < 5; i += 1) sink.tick(`late ${i}`);
    sink.tick(undefined);
    sink.stop();
    expect(io.err.length).toBe(stderrAtStop);
    expect(io.out.slice(-5)).toEqual(['late 0\n', 'late 1\n', 'late 2\n', 'late 3\n', 'late 4\n']);
  });

  test('a start() after stop() (interrupted before the plan was made) draws nothing', () => {
    const io = streams(true, true);
    const sink = progressSink(flags, io);
    sink.stop();
    sink.start(10);
    sink.tick('x');
    sink.stop();
    expect(io.err).toEqual([]);
    expect(io.out).toEqual(['x\n']);
  });

  test('no redraw timer is left running after stop()', () => {
    jest.useFakeTimers();
    try {
      const io = streams(true, true);
      const sink = barSink(io);
      sink.start(3);
      sink.tick('a');
      sink.stop();
      sink.tick('b');
      const count = io.err.length;
      // cli-progress redraws from a timer while a bar is active: run every timer there is.
      jest.advanceTimersByTime(5000);
      expect(io.err.length).toBe(count);
    } finally {
      jest.useRealTimers();
    }
  });
});
