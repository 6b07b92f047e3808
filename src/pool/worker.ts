/**
 * piscina entry: one job in, one result out. Knows nothing about the pool.
 * Thread budget: one libvips thread per worker, so `--concurrency` workers use about that many cores.
 */
import sharp from 'sharp';
import { processJob } from '../job/process-job';

sharp.concurrency(1);
sharp.cache(false);

export default processJob;
