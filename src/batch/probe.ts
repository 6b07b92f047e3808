import type { ResolvedOptions } from '../core/options';
import { errorMessage } from '../core/errors';
import { failedWith } from '../core/results';
import { workerThreads } from '../runners/budget';
import { JOB_SETTING_KEYS, type Discovered, type Job, type JobResult, type JobRunner, type JobSettings } from '../core/types';
import type { Probed } from './names';

/** What probing found: every entry (those that cannot be processed now settled) and each input's facts. */
export interface Probing {
  readonly entries: readonly Discovered[];
  readonly probed: ReadonlyMap<string, Probed>;
}

/** A probe job for one entry: the same input and checks as its real job, with no outputs. */
function probeJob(entry: Discovered, id: number, settings: JobSettings, o: ResolvedOptions, hash: boolean): Job {
  return {
    id,
    input: entry.input,
    ...(entry.source === undefined ? {} : { source: entry.source }),
    ...(entry.id === undefined ? {} : { sourceId: entry.id }),
    ...(entry.bytes === undefined ? {} : { bytes: entry.bytes }),
    outputs: [],
    probe: { hash },
    ...settings,
    timeoutSeconds: o.timeout,
  };
}

/** An entry as the probe left it: unchanged when it was read, else settled with the probe's outcome. */
function settle(entry: Discovered, result: JobResult): Discovered {
  if (result.status === 'failed') return { ...entry, failure: result.error };
  if (result.status === 'skipped') return { ...entry, skip: result.reason };
  return entry;
}

/**
 * Reads each input's facts (its size as shown, and its content's hash when `hash`) on the runner,
 * so that libvips reads headers in the worker, never in this process. Inputs that fail to be read
 * fail here, with the error processing would have given, and are not processed. After an abort
 * the inputs not probed are skipped as interrupted. `known` gives facts without reading (the runner
 * then starts only when some input is left to read).
 */
export async function probeInputs(
  entries: readonly Discovered[],
  o: ResolvedOptions,
  hash: boolean,
  runner: JobRunner | undefined,
  signal?: AbortSignal,
  known: (entry: Discovered) => Probed | undefined = () => undefined,
): Promise<Probing> {
  const settings = Object.fromEntries(JOB_SETTING_KEYS.map((key) => [key, o[key]])) as JobSettings;
  const out = [...entries];
  const probed = new Map<string, Probed>();
  // Facts an incremental state already holds (the input unchanged since) are not read again.
  for (const e of entries) {
    const facts = e.skip === undefined && e.failure === undefined ? known(e) : undefined;
    if (facts !== undefined) probed.set(e.input, facts);
  }
  const todo = entries.flatMap((e, i) => (e.skip === undefined && e.failure === undefined && !probed.has(e.input) ? [i] : []));
  if (todo.length === 0) return { entries: out, probed };
  if (runner === undefined) throw new TypeError("Expected a runner to read the inputs' sizes with, for names by size or several widths");
  runner.start?.(workerThreads(o.concurrency, todo.length), todo.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let at = todo[next++]; at !== undefined; at = todo[next++]) {
      const entry = entries[at];
      if (entry === undefined) continue;
      if (signal?.aborted === true) {
        out[at] = { ...entry, skip: 'interrupted' };
        continue;
      }
      const result = await runner
        .run(probeJob(entry, at, settings, o, hash))
        .catch((error: unknown): JobResult =>
          failedWith(entry.input, 'INTERNAL', `imgbatch failed internally reading this file's header: ${errorMessage(error)}`),
        );
      out[at] = settle(entry, result);
      if (result.status === 'ok')
        probed.set(entry.input, { width: result.width, height: result.height, ...(result.hash === undefined ? {} : { hash: result.hash }) });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(runner.capacity, todo.length)) }, lane));
  return { entries: out, probed };
}
