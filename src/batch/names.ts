import { createHash } from 'node:crypto';
import path from 'node:path';
import { formatFromExtension, keptFormat, QUALITY_FORMATS, writtenExtension, type FormatOption, type OutputFormat, type QualityFormat } from '../core/formats';
import { DEFAULT_SEVERAL_NAME, fillName, tokensOf, type NameValues } from '../core/name-template';
import type { Op } from '../core/ops';
import type { ResolvedOptions } from '../core/options';
import type { Discovered } from '../core/types';
import { outputSize, requestedWidth, withoutRequestedWidth } from '../ops';

/** One output every input gets, before it is named: from `op` and `format`, or from `outputs`. */
export interface OutputPlan {
  readonly ops: readonly Op[];
  readonly format: FormatOption;
  readonly quality?: number;
  readonly name?: string;
}

/** What planning knows of an input once it was probed: its size as shown, and its content's hash. */
export interface Probed {
  readonly width: number;
  readonly height: number;
  readonly hash?: string;
}

type NamingOptions = Pick<ResolvedOptions, 'op' | 'outputs' | 'format' | 'name' | 'suffix'>;

/** The outputs of each input, as the options give them. */
export function outputPlans(o: NamingOptions): readonly OutputPlan[] {
  if (o.outputs !== undefined) return o.outputs.map((out) => ({ ...out, format: out.format ?? o.format }));
  return o.op === undefined ? [] : [{ ops: [o.op], format: o.format }];
}

/** An output's name template; undefined: the one-output name (`<dir>/<name><suffix>.<ext>`). */
export function templateOf(plan: OutputPlan, o: NamingOptions, plans: number): string | undefined {
  return plan.name ?? o.name ?? (plans > 1 ? DEFAULT_SEVERAL_NAME : undefined);
}

/** Whether names or the choice of widths need each input probed first (its size; its hash). */
export function probeNeeds(o: NamingOptions): { readonly size: boolean; readonly hash: boolean } {
  const plans = outputPlans(o);
  const tokens = new Set(plans.flatMap((p) => [...tokensOf(templateOf(p, o, plans.length) ?? '')]));
  const families = widthFamilies(plans);
  return { size: tokens.has('width') || tokens.has('height') || families.some((f) => f.length > 1), hash: tokens.has('hash') };
}

/** Plans that differ only in the width of their resize, grouped (plans without one are left out). */
function widthFamilies(plans: readonly OutputPlan[]): OutputPlan[][] {
  const families = new Map<string, OutputPlan[]>();
  for (const plan of plans) {
    if (requestedWidth(plan.ops) === undefined) continue;
    const key = JSON.stringify({ ...plan, ops: withoutRequestedWidth(plan.ops) });
    families.set(key, [...(families.get(key) ?? []), plan]);
  }
  return [...families.values()];
}

/**
 * The plans an input of this size gets: resize never enlarges, so a width above the source's is
 * not made; when no width of a family fits, its smallest is (at the source's own width).
 */
export function plansFor(plans: readonly OutputPlan[], size: Probed | undefined): readonly OutputPlan[] {
  if (size === undefined) return plans;
  const dropped = new Set<OutputPlan>();
  for (const family of widthFamilies(plans)) {
    const fits = family.filter((p) => (requestedWidth(p.ops) ?? 0) <= size.width);
    const keep = fits.length > 0 ? fits : [...family].sort((a, b) => (requestedWidth(a.ops) ?? 0) - (requestedWidth(b.ops) ?? 0)).slice(0, 1);
    for (const p of family) if (!keep.includes(p)) dropped.add(p);
  }
  return plans.filter((p) => !dropped.has(p));
}

/** The format an output of `entry` is written in (undefined: its own, found from its content). */
export function targetFormat(plan: OutputPlan, entry: Discovered): OutputFormat | undefined {
  return plan.format === 'keep' ? keptFormat(formatFromExtension(entry.input)) : plan.format;
}

/** The quality of an output in `format`: the output's own, the format's (`--quality-webp`), or `--quality`. */
export function qualityOf(
  plan: OutputPlan,
  format: OutputFormat | undefined,
  o: Pick<ResolvedOptions, 'quality' | `quality${Capitalize<QualityFormat>}`>,
): number {
  if (plan.quality !== undefined) return plan.quality;
  const lossy = QUALITY_FORMATS.find((f) => f === format);
  const own = lossy === undefined ? undefined : o[`quality${capitalized(lossy)}`];
  return own ?? o.quality;
}

const capitalized = <S extends string>(word: S): Capitalize<S> => `${word.charAt(0).toUpperCase()}${word.slice(1)}` as Capitalize<S>;

/** What `{hash}` stands for: the input's content and everything that shapes the output's bytes. */
function settingsHash(contentHash: string, settings: object): string {
  return createHash('sha256').update(contentHash).update(JSON.stringify(settings)).digest('hex').slice(0, 10);
}

/**
 * The output's path, inside `out`. Without a template: `<out>/<rel>/<name><suffix>.<ext>`, the
 * extension keeping the input's own spelling while the format is unchanged (`.JPG` stays `.JPG`).
 */
export function outputName(entry: Discovered, plan: OutputPlan, o: NamingOptions & { readonly out: string }, more: NameMore): string {
  const ext = path.extname(entry.input);
  const own = formatFromExtension(entry.input);
  const target = targetFormat(plan, entry);
  const outExt = target === undefined || target === own ? ext.slice(1) : writtenExtension(target);
  const name = `${path.basename(entry.input, ext)}${o.suffix}`;
  if (more.template === undefined) return path.join(o.out, entry.rel, `${name}${outExt === '' ? '' : `.${outExt}`}`);
  const size = more.probed === undefined ? undefined : outputSize(plan.ops, more.probed.width, more.probed.height);
  const hash =
    more.probed?.hash === undefined ? '' : settingsHash(more.probed.hash, { ...more.settings, ops: plan.ops, format: target, quality: more.quality });
  const values: NameValues = {
    dir: entry.rel,
    name,
    ext: outExt,
    format: target ?? own ?? '',
    width: size === undefined ? '' : String(size.width),
    height: size === undefined ? '' : String(size.height),
    hash,
  };
  return path.join(o.out, fillName(more.template, values));
}

/** What naming one output needs beyond the entry and its plan. */
export interface NameMore {
  readonly template: string | undefined;
  readonly probed: Probed | undefined;
  readonly quality: number;
  /** Settings that shape the output's bytes besides its ops, format and quality (for `{hash}`). */
  readonly settings: object;
}
