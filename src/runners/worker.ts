/**
 * piscina entry: one job in, one result out. Knows nothing about the pool.
 * Thread budget: one libvips thread per worker, so `--concurrency` workers use about that many cores.
 */
import path from 'node:path';
import sharp from 'sharp';
import type { Job, JobResult } from '../core/types';
import { blockingFileIO } from '../job/file-io';
import { processJob } from '../job/process-job';
import { inject, parseFaults } from './faults';

sharp.concurrency(1);
sharp.cache(false);

const faults = parseFaults(process.env['IMGBATCH_FAULT']);

export default async function work(job: Job): Promise<JobResult> {
  const fault = job.probe === undefined ? faults.get(path.basename(job.input)) : undefined;
  const first = job.outputs[0];
  if (fault !== undefined && first !== undefined) await inject(fault, first.path);
  // This thread runs one file at a time: blocking file calls spare a libuv hop and an event-loop
  // wake-up each (see FileIO).
  return processJob(job, blockingFileIO);
}
