/** The signals that interrupt a batch. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** Where interrupts come from: `process` in production, an emitter in tests. */
export type SignalSource = Pick<NodeJS.Process, 'on' | 'off'>;

export interface Interrupts {
  /** Aborted at the first SIGINT or SIGTERM, with the signal's name as its reason. */
  readonly signal: AbortSignal;
  /** Stops listening: the signals' default actions apply again. */
  readonly stop: () => void;
}

/** The signal an interrupt's AbortSignal was aborted with, if it was. */
export function interruptOf(signal: AbortSignal): InterruptSignal | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
}

/**
 * Listens for SIGINT and SIGTERM from the start of `main`, before yargs loads or the batch exists:
 * the first aborts `signal` (whoever runs the batch then stops it, and an interrupt that came before
 * the batch is seen as soon as it starts); a second stops listening and calls `leave` (production:
 * re-raise it, so the process dies of it at once).
 */
export function listenForInterrupts(source: SignalSource, leave: (signal: InterruptSignal) => void): Interrupts {
  const controller = new AbortController();
  const stop = (): void => {
    source.off('SIGINT', onInt);
    source.off('SIGTERM', onTerm);
  };
  const on = (signal: InterruptSignal) => (): void => {
    if (!controller.signal.aborted) {
      controller.abort(signal);
      return;
    }
    stop();
    leave(signal);
  };
  const onInt = on('SIGINT');
  const onTerm = on('SIGTERM');
  source.on('SIGINT', onInt);
  source.on('SIGTERM', onTerm);
  return { signal: controller.signal, stop };
}
