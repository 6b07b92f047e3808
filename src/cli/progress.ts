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

/**
 * Whether a stream is a terminal. `NodeJS.WriteStream` types `isTTY` as a boolean, but a piped or
 * redirected `process.stdout` is not a tty.WriteStream and has no `isTTY` at all.
 */
export const isTerminal = (stream: { readonly isTTY?: boolean }): boolean => stream.isTTY === true;

/** The report flags that decide whether a bar is drawn. */
export interface BarFlags {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly progress: boolean;
}

/**
 * The bar is drawn only when BOTH stdout and stderr are terminals (and no flag turns it off). The
 * per-file lines on stdout are printed above the bar by moving the cursor on the terminal they
 * share; once either stream goes elsewhere (`| cat`, `| tee log`, `2> log`), the bar's carriage
 * returns and escape codes would land in the results or be glued to them.
 */
export function wantsBar(flags: BarFlags, out: Streams): boolean {
  return flags.progress && !flags.json && !flags.quiet && isTerminal(out.stdout) && isTerminal(out.stderr);
}

/** The sink for these flags and streams: a bar (see `wantsBar`) or plain lines. */
export function progressSink(flags: BarFlags, out: Streams): ProgressSink {
  return wantsBar(flags, out) ? barSink(out) : plainSink(out);
}

/** No bar: lines go straight to stdout. */
export function plainSink(out: Streams): ProgressSink {
  return {
    start: () => {
      // nothing to draw
    },
    tick: (line) => {
      if (line !== undefined) out.stdout.write(`${line}\n`);
    },
    stop: () => {
      // nothing to clear
    },
  };
}

/**
 * cli-progress bar on stderr; per-file lines are printed above it on stdout (both terminals). Once
 * stopped (the batch ended, or an interrupt) it is never drawn again: later lines (files finishing
 * after Ctrl-C) are printed plainly, and a `start` after `stop` draws nothing.
 */
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
  let state: 'idle' | 'running' | 'stopped' = 'idle';
  return {
    start: (total) => {
      if (state !== 'idle') return;
      state = 'running';
      bar.start(total, 0, { rate: '0.0' });
    },
    tick: (line) => {
      done += 1;
      if (state !== 'running') {
        if (line !== undefined) out.stdout.write(`${line}\n`);
        return;
      }
      if (line !== undefined) {
        out.stderr.write('\r\u001b[2K');
        out.stdout.write(`${line}\n`);
      }
      bar.update(done, { rate: rate() });
      bar.render();
    },
    stop: () => {
      const wasRunning = state === 'running';
      state = 'stopped';
      if (!wasRunning) return;
      // cli-progress restores the cursor position saved at start(); lines printed since then have
      // moved the bar, so save the bar's current position first, or the summary would overwrite them.
      out.stderr.write('\u001b7');
      bar.stop();
    },
  };
}
