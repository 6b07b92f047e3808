import path from 'node:path';
import { formatFromExtension, keptFormat, writtenExtension } from '../core/formats';
import { PlanError } from '../core/errors';
import { escapeControl } from '../core/names';
import type { ResolvedOptions } from '../core/options';
import { JOB_SETTING_KEYS, type Discovered, type Job, type JobSettings } from '../core/types';

export interface Plan {
  /** One job per processable input, in discovery order. */
  readonly jobs: readonly Job[];
  /** Entries settled before any work: skipped by policy (`skip`) or failed (`failure`). */
  readonly settled: readonly Discovered[];
}

/** The key two outputs collide on: case-insensitive and Unicode-normalised, as on macOS and Windows. */
export function collisionKey(file: string): string {
  return file.normalize('NFC').toLowerCase();
}

/**
 * Output path of one input: `<out>/<rel>/<name><suffix>.<ext>`. The extension keeps the input's
 * own spelling while the format is unchanged (`.JPG` stays `.JPG`).
 */
export function outputPath(entry: Discovered, options: Pick<ResolvedOptions, 'out' | 'format' | 'suffix'>): string {
  const ext = path.extname(entry.input);
  const name = path.basename(entry.input, ext);
  const own = formatFromExtension(entry.input);
  const target = options.format === 'keep' ? keptFormat(own) : options.format;
  const outExt = target === undefined || target === own ? ext : `.${writtenExtension(target)}`;
  return path.join(options.out, entry.rel, `${name}${options.suffix}${outExt}`);
}

/**
 * Pure: turns discovered inputs into jobs. Throws a `PlanError` (exit 2, nothing written) when two
 * jobs would write the same file or a job would write over an input.
 */
export function planJobs(options: ResolvedOptions, found: readonly Discovered[]): Plan {
  const jobs: Job[] = [];
  const settled: Discovered[] = [];
  const settings = Object.fromEntries(JOB_SETTING_KEYS.map((key) => [key, options[key]])) as JobSettings;
  for (const entry of found) {
    if (entry.skip !== undefined || entry.failure !== undefined) {
      settled.push(entry);
      continue;
    }
    const named = formatFromExtension(entry.input);
    if (named === 'svg' && !options.allowSvg) {
      settled.push({ ...entry, skip: 'svg-not-allowed' });
      continue;
    }
    const target = options.format === 'keep' ? keptFormat(named) : options.format;
    jobs.push({
      id: jobs.length,
      input: entry.input,
      ...(entry.source === undefined ? {} : { source: entry.source }),
      ...(entry.id === undefined ? {} : { sourceId: entry.id }),
      output: outputPath(entry, options),
      outputRoot: options.out,
      ...settings,
      format: target ?? null,
      timeoutSeconds: options.timeout,
    });
  }
  assertNoConflicts(jobs, found);
  return { jobs, settled };
}

function assertNoConflicts(jobs: readonly Job[], found: readonly Discovered[]): void {
  // An input is known by the path found and by its real path; files in the output folder are not inputs.
  const inputs = new Map(
    found.filter((e) => e.skip !== 'inside-output-root').flatMap((e) => [e.input, e.source ?? e.input].map((p) => [collisionKey(p), e.input] as const)),
  );
  const overwrites = jobs.filter((j) => inputs.has(collisionKey(j.output)));
  if (overwrites.length > 0) {
    const lines = overwrites.map(
      (j) => `  ${escapeControl(j.input)} → ${escapeControl(j.output)} is the input ${escapeControl(inputs.get(collisionKey(j.output)) ?? '')}`,
    );
    throw new PlanError(
      `Expected every output to differ from every input, but ${overwrites.length} would overwrite an input:\n${lines.join('\n')}\n` +
        'Nothing was written. Choose another --out folder or add a --suffix.',
      overwrites.map((j) => [j.input, j.output]),
    );
  }
  const byKey = new Map<string, Job[]>();
  for (const job of jobs) {
    const key = collisionKey(job.output);
    const group = byKey.get(key);
    if (group) group.push(job);
    else byKey.set(key, [job]);
  }
  const groups = [...byKey.values()].filter((g) => g.length > 1);
  if (groups.length === 0) return;
  const text = groups.map((g) => `  ${escapeControl(g[0]?.output ?? '')} ← ${g.map((j) => escapeControl(j.input)).join(', ')}`).join('\n');
  throw new PlanError(
    `Expected one output file per input, but ${groups.length} output name${groups.length === 1 ? ' is' : 's are'} shared ` +
      `(names are compared ignoring case and Unicode normalisation, as macOS and Windows do):\n${text}\n` +
      'Nothing was written. Rename one file of each group, or process the groups in separate runs with different --suffix values; ' +
      'where the inputs differ only in extension, --format keep gives the outputs distinct extensions.',
    groups.map((g) => g.map((j) => j.input)),
  );
}
