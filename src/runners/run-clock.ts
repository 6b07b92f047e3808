/**
 * A clock of the time this process actually ran, for `--timeout`.
 *
 * Wall clocks (Node's timers, sharp's `timeout()`) keep counting while the process is stopped
 * (Ctrl-Z, SIGSTOP of the process group): after `fg` every file in flight would be past
 * its limit at once. This clock instead reads a monotonic source every `tickMs` while anything
 * depends on it. A gap between two readings longer than `lateMs` means the process did not run in
 * between (stopped, or the machine asleep where the source counts sleep), so it adds only `tickMs`
 * of running time; the rest is counted as stopped. An event loop blocked longer than `lateMs` looks
 * the same and is not counted either: it only makes the limit later, never earlier.
 */
import { performance } from 'node:perf_hooks';

/** Milliseconds from a monotonic source. */
export type TimeSource = () => number;

export interface RunClockOptions {
  /** @default performance.now */
  readonly source?: TimeSource;
  /** How often the clock reads itself while held. @default 250 */
  readonly tickMs?: number;
  /** A gap longer than this between two readings counts as a stop. @default 1000 */
  readonly lateMs?: number;
}

/** Time measured from one moment on. */
export interface Stopwatch {
  /** Milliseconds the process ran since the stopwatch started. */
  ranMs(): number;
  /** Milliseconds it was stopped since then (0 when no stop was seen). */
  stoppedMs(): number;
}

export const TICK_MS = 250;
export const LATE_MS = 1000;

export class RunClock {
  readonly #source: TimeSource;
  readonly #tickMs: number;
  readonly #lateMs: number;
  #last: number;
  #running = 0;
  #stopped = 0;
  #holds = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #listeners = new Set<() => void>();

  constructor(options: RunClockOptions = {}) {
    this.#source = options.source ?? (() => performance.now());
    this.#tickMs = options.tickMs ?? TICK_MS;
    this.#lateMs = options.lateMs ?? LATE_MS;
    this.#last = this.#source();
  }

  /** Advances the clock to now: running time by the gap since the last reading, or by one tick after a stop. */
  #advance(): void {
    const now = this.#source();
    const gap = now - this.#last;
    this.#last = now;
    if (gap > this.#lateMs) {
      this.#running += this.#tickMs;
      this.#stopped += gap - this.#tickMs;
    } else if (gap > 0) {
      this.#running += gap;
    }
  }

  /** Milliseconds the process ran, in total. */
  runningMs(): number {
    this.#advance();
    return this.#running;
  }

  /** Milliseconds it was seen stopped, in total. */
  stoppedMs(): number {
    this.#advance();
    return this.#stopped;
  }

  /** A stopwatch from now. Hold the clock while the stopwatch matters, so that it ticks. */
  start(): Stopwatch {
    const ran = this.runningMs();
    const stopped = this.#stopped;
    return { ranMs: () => this.runningMs() - ran, stoppedMs: () => this.stoppedMs() - stopped };
  }

  /** Makes the clock tick (read itself, then call the listeners) until the matching `release`. */
  hold(): void {
    this.#holds += 1;
    if (this.#holds > 1) return;
    // Idle time since the last reading belongs to no file: absorb it before anything starts.
    this.#advance();
    this.#timer = setInterval(() => this.#tick(), this.#tickMs);
    this.#timer.unref();
  }

  release(): void {
    if (this.#holds === 0) return;
    this.#holds -= 1;
    if (this.#holds > 0) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Calls `listener` on every tick while held; returns the function that removes it. */
  onTick(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #tick(): void {
    this.#advance();
    for (const listener of [...this.#listeners]) listener();
  }
}
