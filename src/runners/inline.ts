import type { JobRunner } from '../core/types';
import { processJob } from '../job/process-job';

/** Runs jobs in this thread, for tests and debugging; same results as the pool. */
export function createInlineRunner(options: { readonly capacity?: number } = {}): JobRunner {
  return {
    capacity: options.capacity ?? 1,
    run: (job) => processJob(job),
    close: async () => {
      // nothing to release: jobs ran in this thread
    },
  };
}
