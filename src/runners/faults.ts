import fs from 'node:fs';
import { tempPathFor } from '../job/atomic';

/**
 * Fault injection for tests, inert unless IMGBATCH_FAULT is set:
 * `IMGBATCH_FAULT=<mode>:<file name>[,<mode>:<file name>…]` makes the worker misbehave on that file.
 */
export type FaultMode = 'throw' | 'exit' | 'oom' | 'hang' | 'segv' | 'stall';
const MODES: readonly FaultMode[] = ['throw', 'exit', 'oom', 'hang', 'segv', 'stall'];

/** File name → fault. Malformed entries are an error: a test that sets this means it. */
export function parseFaults(spec: string | undefined): ReadonlyMap<string, FaultMode> {
  const faults = new Map<string, FaultMode>();
  if (spec === undefined || spec === '') return faults;
  for (const entry of spec.split(',')) {
    const at = entry.indexOf(':');
    const mode = entry.slice(0, at);
    const file = entry.slice(at + 1);
    const known = MODES.find((m) => m === mode);
    if (at < 0 || known === undefined || file === '') {
      throw new Error(`Expected IMGBATCH_FAULT entries like "segv:photo.jpg" (modes: ${MODES.join(', ')}) but received ${JSON.stringify(entry)}`);
    }
    faults.set(file, known);
  }
  return faults;
}

/** Does what the mode says, in the calling worker thread; `output` is the file's destination. */
export async function inject(mode: FaultMode, output: string): Promise<void> {
  switch (mode) {
    case 'throw':
      throw new Error('injected fault: the worker threw');
    case 'exit':
      process.exit(1); // in a worker thread this ends the thread only
      return;
    case 'oom': {
      const hog: number[][] = [];
      for (;;) hog.push(new Array<number>(1 << 20).fill(hog.length));
    }
    case 'hang':
      // A stuck thread: blocked for good, as a thread stuck in native code is, without spinning (a
      // test's hang then costs no CPU); nothing but killing its process stops it.
      for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    case 'stall':
      // Caught in its write stage: its temporary exists (as a real write makes it), and it never ends.
      fs.writeFileSync(tempPathFor(output), 'partial');
      await new Promise(() => {
        // never settles
      });
      return;
    case 'segv':
      process.kill(process.pid, 'SIGSEGV');
      await new Promise(() => {
        // never settles: the signal ends the process
      });
      return;
    default: {
      const unreachable: never = mode;
      throw new Error(`unknown fault ${String(unreachable)}`);
    }
  }
}
