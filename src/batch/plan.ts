import { formatFromExtension } from '../core/formats';
import { PlanError } from '../core/errors';
import { escapeControl } from '../core/names';
import type { ResolvedOptions } from '../core/options';
import { isInside } from '../core/paths';
import { JOB_SETTING_KEYS, type Discovered, type Job, type JobOutput, type JobSettings } from '../core/types';
import { outputName, outputPlans, plansFor, probeNeeds, qualityOf, targetFormat, templateOf, type Probed } from './names';

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
 * Pure: turns discovered inputs into jobs, each with every output it writes, named. `probed` gives
 * each input's size (and hash) when names or the choice of widths need it (`probeNeeds`). Throws a
 * `PlanError` (exit 2, nothing written) when two outputs would be the same file, or an output an input.
 */
export function planJobs(options: ResolvedOptions, found: readonly Discovered[], probed?: ReadonlyMap<string, Probed>): Plan {
  const jobs: Job[] = [];
  const settled: Discovered[] = [];
  const settings = Object.fromEntries(JOB_SETTING_KEYS.map((key) => [key, options[key]])) as JobSettings;
  const plans = outputPlans(options);
  for (const entry of found) {
    if (entry.skip !== undefined || entry.failure !== undefined) {
      settled.push(entry);
      continue;
    }
    if (formatFromExtension(entry.input) === 'svg' && !options.allowSvg) {
      settled.push({ ...entry, skip: 'svg-not-allowed' });
      continue;
    }
    const facts = probed?.get(entry.input);
    const outputs = plansFor(plans, facts).map((plan): JobOutput => {
      const format = targetFormat(plan, entry);
      const quality = qualityOf(plan, format, options);
      const more = {
        template: templateOf(plan, options, plans.length),
        probed: facts,
        quality,
        settings: { keepMetadata: options.keepMetadata, optimizeCoding: options.optimizeCoding },
      };
      return { path: outputName(entry, plan, options, more), ops: plan.ops, format: format ?? null, quality };
    });
    jobs.push({
      id: jobs.length,
      input: entry.input,
      ...(entry.source === undefined ? {} : { source: entry.source }),
      ...(entry.id === undefined ? {} : { sourceId: entry.id }),
      ...(entry.bytes === undefined ? {} : { bytes: entry.bytes }),
      outputs,
      outputRoot: options.out,
      ...settings,
      timeoutSeconds: options.timeout,
    });
  }
  assertInsideOut(jobs, options.out);
  assertNoConflicts(jobs, found, plans.length > 1);
  return { jobs, settled };
}

export { probeNeeds };

/** One output of one job, for checks over every output of every input. */
interface Written {
  readonly job: Job;
  readonly path: string;
}

const writtenBy = (jobs: readonly Job[]): Written[] => jobs.flatMap((job) => job.outputs.map((out) => ({ job, path: out.path })));

function assertInsideOut(jobs: readonly Job[], out: string): void {
  const outside = writtenBy(jobs).filter((w) => !isInside(w.path, out) || w.path === out);
  if (outside.length === 0) return;
  const lines = outside.map((w) => `  ${escapeControl(w.job.input)} → ${escapeControl(w.path)}`);
  throw new PlanError(
    `Expected every output inside the output folder ${escapeControl(out)}, but ${outside.length} would not be:\n${lines.join('\n')}\nNothing was written.`,
    outside.map((w) => [w.job.input, w.path]),
  );
}

function assertNoConflicts(jobs: readonly Job[], found: readonly Discovered[], several: boolean): void {
  // An input is known by the path found and by its real path; files in the output folder are not inputs.
  const inputs = new Map(
    found.filter((e) => e.skip !== 'inside-output-root').flatMap((e) => [e.input, e.source ?? e.input].map((p) => [collisionKey(p), e.input] as const)),
  );
  const written = writtenBy(jobs);
  const overwrites = written.filter((w) => inputs.has(collisionKey(w.path)));
  if (overwrites.length > 0) {
    const lines = overwrites.map(
      (w) => `  ${escapeControl(w.job.input)} → ${escapeControl(w.path)} is the input ${escapeControl(inputs.get(collisionKey(w.path)) ?? '')}`,
    );
    throw new PlanError(
      `Expected every output to differ from every input, but ${overwrites.length} would overwrite an input:\n${lines.join('\n')}\n` +
        'Nothing was written. Choose another --out folder or add a --suffix.',
      overwrites.map((w) => [w.job.input, w.path]),
    );
  }
  const byKey = new Map<string, Written[]>();
  for (const w of written) byKey.set(collisionKey(w.path), [...(byKey.get(collisionKey(w.path)) ?? []), w]);
  const groups = [...byKey.values()].filter((g) => g.length > 1);
  if (groups.length === 0) return;
  const text = groups.map((g) => `  ${escapeControl(g[0]?.path ?? '')} ← ${g.map((w) => escapeControl(w.job.input)).join(', ')}`).join('\n');
  const hint = several
    ? 'Nothing was written. Give every output of an input its own name: put {width} and {ext} (or {format}) in --name, or leave --name out for the default {dir}/{name}-{width}.{ext}.'
    : 'Nothing was written. Rename one file of each group, or process the groups in separate runs with different --suffix values; ' +
      'where the inputs differ only in extension, --format keep gives the outputs distinct extensions.';
  throw new PlanError(
    `Expected one file per output, but ${groups.length} output name${groups.length === 1 ? ' is' : 's are'} shared ` +
      `(names are compared ignoring case and Unicode normalisation, as macOS and Windows do):\n${text}\n${hint}`,
    groups.map((g) => g.map((w) => w.job.input)),
  );
}

/** The one-output name of an input: `<out>/<rel>/<name><suffix>.<ext>` (see `outputName`). */
export function outputPath(entry: Discovered, options: Pick<ResolvedOptions, 'out' | 'format' | 'suffix'>): string {
  const naming = { out: options.out, format: options.format, suffix: options.suffix };
  return outputName(entry, { ops: [], format: options.format }, naming, { template: undefined, probed: undefined, quality: 0, settings: {} });
}
