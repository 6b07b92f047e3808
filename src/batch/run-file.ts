import { errorMessage, ExitCode, ImgbatchError } from '../core/errors';
import { escapeControl } from '../core/names';
import { writeOutputFile } from '../job/output-dir';
import { asyncSys, hasProcFd } from '../job/sys';

/**
 * Writes a file a run makes beside its outputs (the manifest, the HTML report, bench's page) as
 * outputs are written: a new temporary in its folder, renamed into place; the folder is created.
 */
export async function writeWhole(file: string, data: Buffer): Promise<void> {
  // With no output root, the file's own folder is the root, which the writer creates when missing.
  await writeOutputFile(asyncSys, { output: file }, data, hasProcFd());
}

/** Runs `write`; its failure is the run's (`MANIFEST_NOT_WRITTEN`, `REPORT_NOT_WRITTEN`: exit 1, the outputs stay). */
export async function saveRunFile(what: 'manifest' | 'report', file: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error: unknown) {
    throw new ImgbatchError(
      what === 'manifest' ? 'MANIFEST_NOT_WRITTEN' : 'REPORT_NOT_WRITTEN',
      `Expected to write the ${what} ${escapeControl(file)} but could not: ${escapeControl(errorMessage(error))} (the outputs were written)`,
      ExitCode.SomeFailed,
    );
  }
}
