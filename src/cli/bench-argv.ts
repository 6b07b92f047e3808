import { describeValue, UsageError } from '../core/errors';
import { COMMAND_NAMES } from '../core/ops';
import type { OptionSpec } from '../core/option-spec';
import { BENCH_OPTION_SPECS } from './bench-options';

/** `bench`'s argv in two: its own flags (and `--help` before the command), then the command it measures with that command's arguments. */
export interface BenchArgv {
  readonly own: readonly string[];
  readonly inner: readonly string[];
}

const SPECS: readonly OptionSpec[] = Object.values(BENCH_OPTION_SPECS as Readonly<Record<string, OptionSpec>>);
const SWITCHES = new Set(SPECS.filter((s) => s.text === undefined).flatMap((s) => [`--${s.flag}`, `--no-${s.flag}`]));
const VALUED = new Set(SPECS.filter((s) => s.text !== undefined).map((s) => `--${s.flag}`));
const HELP = new Set(['-h', '--help']);

/**
 * Splits `imgbatch bench [bench flags] <command> [its arguments]`: bench's flags are read up to
 * the command word; from there on every argument is the command's (bench's flags are also taken
 * there, before any `--`, so `bench thumbnail photos --sample 10` works as typed).
 */
export function splitBenchArgv(argv: readonly string[]): BenchArgv {
  const at = argv.indexOf('bench');
  const own: string[] = [...argv.slice(0, at + 1)];
  const inner: string[] = [];
  for (let i = at + 1; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const name = arg.replace(/=.*$/s, '');
    if (arg === '--') {
      inner.push(...argv.slice(i));
      break;
    }
    if (SWITCHES.has(name) || (HELP.has(arg) && inner.length === 0)) own.push(arg);
    else if (VALUED.has(name)) {
      own.push(arg);
      if (name === arg && i + 1 < argv.length) own.push(argv[(i += 1)] ?? '');
    } else inner.push(arg);
  }
  return { own, inner };
}

const CONCURRENCY = /^(-j.*|--concurrency(=.*)?)$/s;
const OUT = /^(-o.*|--out(=.*)?)$/s;

/** The command's arguments before any `--` (after it, every argument is an input). */
const flagsOf = (args: readonly string[]): readonly string[] => (args.includes('--') ? args.slice(0, args.indexOf('--')) : args);

/**
 * The measured command's arguments, checked: a batch command first, no `-j` (bench varies it).
 * Without `-o`, `placeholderOut` stands in for it (nothing is written there: each run writes into
 * a temporary folder). `outGiven`: the user's `-o`, which is then read only to leave its files out
 * of the inputs, as the command would.
 */
export function benchCommandArgs(inner: readonly string[], placeholderOut: string): { args: string[]; outGiven: boolean } {
  const [command] = inner;
  const commands: readonly string[] = COMMAND_NAMES;
  if (command === undefined || !commands.includes(command)) {
    const expected = `a command to measure after bench (${commands.join(', ')})`;
    throw new UsageError('USAGE', `Expected ${expected} but received ${command === undefined ? 'none' : describeValue(command)}`);
  }
  const flags = flagsOf(inner);
  const j = flags.find((a) => CONCURRENCY.test(a));
  if (j !== undefined) {
    throw new UsageError(
      'USAGE',
      `Expected no -j with bench (it runs the command at -j 1, 2, 4, … itself; --cores sets the highest), but received ${describeValue(j)}`,
    );
  }
  const outGiven = flags.some((a) => OUT.test(a));
  if (outGiven || command === 'run') return { args: [...inner], outGiven };
  return { args: [...flags, '--out', placeholderOut, ...inner.slice(flags.length)], outGiven };
}
