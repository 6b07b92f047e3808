import { SingleBar } from 'cli-progress';

/** Where per-file progress goes; the CLI's only use of cli-progress. */
export interface ProgressSink {
  start(total: number): void;
  /** Writes a line to stdout above the bar and advances it by one. */
  tick(line: string | undefined): void;
  stop(): void;
}

export interface Streams {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

/** No bar: lines go straight to stdout. */
export function plainSink(out: Streams): ProgressSink {
  return {
    start: () => {},
    tick: (line) => {
      if (line !== undefined) out.stdout.write(`${line}\n`);
    },
    stop: () => {},
  };
}

/** cli-progress bar on stderr (a TTY); per-file lines are printed above it on stdout. */
export function barSink(out: Streams): ProgressSink {
  const started = Date.now();
  let done = 0;
  const bar = new SingleBar({
    stream: out.stderr,
    format: '{bar} {value}/{total} files | {rate} files/s | ETA {eta_formatted}',
    hideCursor: true,
    linewrap: true,
    clearOnComplete: true,
    forceRedraw: true,
    gracefulExit: false,
    etaBuffer: 50,
  });
  const rate = (): string => (done / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1);
  let running = false;
  return {
    start: (total) => {
      running = true;
      bar.start(total, 0, { rate: '0.0' });
    },
    tick: (line) => {
      done += 1;
      if (line !== undefined) {
        if (out.stdout.isTTY) out.stderr.write('\r\u001b[2K');
        out.stdout.write(`${line}\n`);
      }
      bar.update(done, { rate: rate() });
      bar.render();
    },
    stop: () => {
      if (!running) return;
      running = false;
      // cli-progress restores the cursor position saved at start(); lines printed since then have
      // moved the bar, so save the bar's current position first, or the summary would overwrite them.
      out.stderr.write('\u001b7');
      bar.stop();
    },
  };
}
