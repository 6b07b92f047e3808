import { removeTemporariesOf } from '../job/temporaries';
import type { Job } from '../core/types';
import type { WorkerProcess } from './worker-process';

/** Removes the temporaries a dead worker process left, and tells when every removal is done. */
export interface TemporaryCleanup {
  /** Starts removing the temporaries `wp` may have left for these jobs (files in flight when it died). */
  leftBy(wp: WorkerProcess, jobs: readonly Job[]): void;
  /** Resolves once every removal started so far has finished. */
  settled(): Promise<void>;
}

export function temporaryCleanup(): TemporaryCleanup {
  const pending = new Set<Promise<void>>();
  return {
    leftBy(wp, jobs) {
      const pid = wp.child.pid;
      if (pid === undefined || jobs.length === 0) return;
      const done = removeTemporariesOf(
        jobs.flatMap((j) => j.outputs.map((o) => o.path)),
        [pid],
      ).catch(() => undefined);
      pending.add(done);
      void done.then(() => pending.delete(done));
    },
    async settled() {
      await Promise.all(pending);
    },
  };
}
