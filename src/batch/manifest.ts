import path from 'node:path';
import type { JobResult, OkResult, OutputResult } from '../core/types';
import { saveRunFile, writeWhole } from './run-file';

/** The manifest's format version: bumped when a field changes meaning or goes away. */
export const MANIFEST_VERSION = 1;

export interface ManifestOutput {
  /** Relative to the manifest's folder, with / between folders. */
  readonly path: string;
  /** `--base-url` followed by `path`, each folder and name percent-encoded (without a base URL, `path` encoded). */
  readonly url: string;
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

export interface ManifestInput {
  /** The input, relative to the manifest's folder. */
  readonly input: string;
  /** Its size as shown (after EXIF orientation). */
  readonly width: number;
  readonly height: number;
  /** Sorted by format, then width. */
  readonly outputs: readonly ManifestOutput[];
  /** Per format, a ready `srcset`: `url 320w, url 640w`, widths ascending. */
  readonly srcset: Readonly<Record<string, string>>;
}

export interface Manifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly baseUrl?: string;
  /** Every input that ended ok (or, incremental, unchanged with its outputs kept), sorted by `input`. */
  readonly inputs: readonly ManifestInput[];
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const posix = (relative: string): string => relative.split(path.sep).join('/');
const encoded = (relative: string): string => relative.split('/').map(encodeURIComponent).join('/');

function manifestOutput(o: OutputResult, folder: string, baseUrl: string): ManifestOutput {
  const rel = posix(path.relative(folder, o.path));
  return { path: rel, url: `${baseUrl}${encoded(rel)}`, format: o.format, width: o.width, height: o.height, bytes: o.bytes };
}

/** An input that has outputs: built this run, or (incremental) kept unchanged from an earlier one. */
type Built = Pick<OkResult, 'input' | 'width' | 'height' | 'outputs'>;

function built(r: JobResult): Built[] {
  if (r.status === 'ok' && r.outputs.length > 0) return [r];
  if (r.status === 'skipped' && r.kept !== undefined && r.kept.outputs.length > 0) return [{ input: r.input, ...r.kept }];
  return [];
}

function manifestInput(r: Built, folder: string, baseUrl: string): ManifestInput {
  const outputs = r.outputs
    .map((o) => manifestOutput(o, folder, baseUrl))
    .sort((a, b) => byText(a.format, b.format) || a.width - b.width || byText(a.path, b.path));
  const srcset: Record<string, string> = {};
  for (const o of outputs) srcset[o.format] = [srcset[o.format], `${o.url} ${o.width}w`].filter((s) => s !== undefined).join(', ');
  return { input: posix(path.relative(folder, r.input)), width: r.width, height: r.height, outputs, srcset };
}

/** Pure: the manifest of a run's results, for a manifest written to `file` (absolute). */
export function buildManifest(results: readonly JobResult[], file: string, baseUrl?: string): Manifest {
  const folder = path.dirname(file);
  const inputs = results
    .flatMap(built)
    .map((r) => manifestInput(r, folder, baseUrl ?? ''))
    .sort((a, b) => byText(a.input, b.input));
  return { version: MANIFEST_VERSION, ...(baseUrl === undefined ? {} : { baseUrl }), inputs };
}

/** Writes the manifest atomically (a temporary in its folder, renamed into place), creating its folder. */
export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  await writeWhole(file, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
}

/** Writes the run's manifest; a failure is the run's (the outputs stay). */
export async function saveManifest(file: string, results: readonly JobResult[], baseUrl: string | undefined): Promise<void> {
  await saveRunFile('manifest', file, () => writeManifest(file, buildManifest(results, file, baseUrl)));
}
