import type { PlannedAction, PrunedOutput } from '../core/build';
import type { PlannedInput } from '../batch/dry-run';
import { displayPath, escapeControl, formatBytes, PLAIN, type Style } from './format';

/** A dry run's human line for one input: `+ a.jpg → out/a.jpg (write)`, `= b.jpg: unchanged`. */
export function formatPlanLine(p: PlannedInput, cwd: string, style: Style = PLAIN): string {
  const input = displayPath(p.input, cwd);
  const to = p.outputs.map((o) => displayPath(o, cwd)).join(', ');
  switch (p.action) {
    case 'write':
      return `${style.ok('+')} ${input} → ${to}  ${style.dim(p.build === undefined ? '(write)' : `(write: ${p.build})`)}`;
    case 'rebuild':
      return `${style.skip('~')} ${input} → ${to}  ${style.dim(`(rebuild: ${p.build ?? ''})`)}`;
    case 'unchanged':
      return `${style.dim('=')} ${input}: unchanged`;
    case 'skip':
      return `${style.skip('-')} ${input}: would be skipped (${p.reason ?? ''})`;
    case 'fail':
      return `${style.fail('✗')} ${input}: ${escapeControl(p.error?.message ?? '')} ${style.dim(`[${p.error?.code ?? ''}]`)}`;
    default: {
      const unreachable: never = p.action;
      return String(unreachable);
    }
  }
}

/** `--prune`'s line for one output: removed (or, dry, would be), or left and why. */
export function formatPruneLine(p: PrunedOutput, cwd: string, dry: boolean, style: Style = PLAIN): string {
  const file = displayPath(p.path, cwd);
  const why = p.why === 'input-gone' ? `its input ${displayPath(p.input, cwd)} is gone` : 'no longer made';
  if (!p.removed) return `${style.skip('-')} ${file}: kept (${escapeControl(p.kept ?? '')}), though ${why}`;
  return `${style.fail('x')} ${file}: ${dry ? 'would be removed' : 'removed'} (${why}, ${formatBytes(p.bytes)})`;
}

/** A dry run's last line. */
export function formatPlanSummary(counts: Readonly<Record<PlannedAction, number>>, prune: number): string {
  const parts = [`${counts.write} to write`, `${counts.rebuild} to rebuild`, `${counts.unchanged} unchanged`, `${counts.skip} skipped`];
  if (counts.fail > 0) parts.push(`${counts.fail} failed`);
  parts.push(`${prune} to prune`);
  return `Dry run: ${parts.join(', ')}. Nothing was written.`;
}
