import os from 'node:os';
import path from 'node:path';
import yargs, { type Argv } from 'yargs';
import { errorMessage, ExitCode, ImgbatchError } from '../core/errors';
import type { OptionSpec } from '../core/option-spec';
import { BATCH_OPTION_SPECS } from '../core/option-specs';
import { filterCommand } from './commands/filter';
import { resizeCommand } from './commands/resize';
import { thumbnailCommand } from './commands/thumbnail';
import { runCommand as recipeCommand, type RecipeRunner } from './commands/run';
import { schemaCommand } from './commands/schema';
import { mergeCommand, STDIN_REPORT, type MergeRunner } from './commands/merge';
import { benchCommand, type BenchRunner } from './commands/bench';
import { benchCommandArgs, splitBenchArgv } from './bench-argv';
import { usageLines } from './shared-flags';
import { toBatchOptions, type CommandRunner } from './parse';
import { COMMAND_NAMES } from './prestart';
import type { CliIo, CommandOutcome, ReportFlags } from './run-command';
import type { ResolvedOptions } from '../core/options';
import { listed, unknownCommandMessage } from './unknown-command';
import { packageVersion } from '../batch/versions';
import { sizeUvThreadpool } from '../runners/budget';

/**
 * Arguments after `--` are inputs even when they start with a dash. yargs would not count them as
 * `<inputs..>`, so they are passed on as `./-name`, the same file.
 */
export function inputsAfterDoubleDash(argv: readonly string[]): string[] {
  const at = argv.indexOf('--');
  if (at < 0) return [...argv];
  return [...argv.slice(0, at), ...argv.slice(at + 1).map((a) => (a.startsWith('-') ? `./${a}` : a))];
}

/** Short flags that take a value (`-o`, `-j`, `-q`). */
const VALUE_ALIASES: ReadonlySet<string> = new Set(
  Object.values(BATCH_OPTION_SPECS as Readonly<Record<string, OptionSpec>>).flatMap((s) => (s.alias !== undefined && s.text !== undefined ? [s.alias] : [])),
);

/**
 * The flags (before any `--`) as yargs must see them to read them as typed. `--files-from -`:
 * yargs reads a lone `-` after a long flag as no value at all, and drops it, so it goes as
 * `--files-from=-`. `-j0`: with the digit alias `-0` (`--null`), yargs would read it as `-j -0`,
 * so a short flag's digits go as `-j=0`.
 */
export function flagsForYargs(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const flag = end < 0 || i < end;
    const digits = /^-([a-zA-Z])(\d+)$/.exec(arg);
    if (flag && arg === '--files-from' && argv[i + 1] === '-') {
      out.push('--files-from=-');
      i += 1;
    } else if (flag && digits !== null && VALUE_ALIASES.has(digits[1] ?? '')) {
      out.push(`-${digits[1] ?? ''}=${digits[2] ?? ''}`);
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Every command word: the batch commands, then those that run no batch (and start no worker process). */
const ALL_COMMANDS: readonly string[] = [...COMMAND_NAMES, 'bench', 'merge', 'schema'];

/** `merge`'s `-` (a report from stdin), which yargs would drop, passed on as `STDIN_REPORT`; a batch's `-` stays what it was. */
const withStdinReport = (args: readonly string[], active: string | undefined): string[] =>
  active === 'merge' ? args.map((a) => (a === '-' ? STDIN_REPORT : a)) : [...args];

/** What the commands call: a batch from flags, a batch from a recipe, a bench of either, a merge of reports, the recipe schema. */
interface Handlers {
  readonly run: CommandRunner;
  readonly recipe: RecipeRunner;
  readonly bench: BenchRunner;
  readonly merge: MergeRunner;
  readonly schema: () => Promise<void>;
}

/**
 * The yargs parser: the commands, strict flags, failures thrown as ImgbatchError (never an exit).
 * yargs types the `.fail` error as an Error, but passes undefined with its own usage messages.
 */
function parserFor(args: readonly string[], h: Handlers, columns: number | undefined): Argv {
  return yargs(args)
    .scriptName('imgbatch')
    .usage(usageLines('<command>', 'Resize, filter and thumbnail images in parallel.'))
    .command(resizeCommand(h.run))
    .command(filterCommand(h.run))
    .command(thumbnailCommand(h.run))
    .command(recipeCommand(h.recipe))
    .command(benchCommand(h.bench))
    .command(mergeCommand(h.merge))
    .command(schemaCommand(h.schema))
    .demandCommand(1, `Expected a command (${listed(ALL_COMMANDS)}) but received none`)
    .recommendCommands()
    .strict()
    .version(packageVersion())
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .epilog(
      'Exit codes: 0 all ok or skipped, 1 some files failed, 2 usage or plan error (nothing written), 3 internal error, 130/143 interrupted.\nDocs: README.md',
    )
    .wrap(Math.min(110, columns ?? 100))
    .exitProcess(false)
    .fail((message: string, error: Error | undefined) => {
      throw error ?? new ImgbatchError('USAGE', message, ExitCode.Usage);
    });
}

/** The part of yargs 17's internals that `withoutHelpCache` touches. */
interface YargsInternals {
  readonly getInternalMethods?: () => { readonly getUsageInstance: () => { cacheHelpMessage?: () => void } };
}

/**
 * yargs formats a command's whole help text right after starting its handler, in case the handler
 * fails and the help is shown: CPU on the critical path before a batch can start (bench/RESULTS.md,
 * "Design decisions"). Here a failure never shows the help (`.fail` throws) and `--help` formats
 * its own, so the cache is switched off. It reaches into yargs 17's internals;
 * test/unit/cli-startup.test.ts fails if they change.
 */
export function withoutHelpCache(parser: Argv): Argv {
  const usage = (parser as unknown as YargsInternals).getInternalMethods?.().getUsageInstance();
  if (usage?.cacheHelpMessage !== undefined) usage.cacheHelpMessage = () => undefined;
  return parser;
}

/** What a batch's options go to: a run (`runCommand`), or a bench of it. */
type BatchHandler = (options: ResolvedOptions, flags: ReportFlags) => Promise<void>;

/** What the handlers share: the CLI's io, how to parse (the bench parses its command again), and where the outcome goes. */
interface HandlerContext {
  readonly io: CliIo;
  readonly parse: (args: readonly string[], h: Handlers) => Promise<void>;
  readonly setOutcome: (outcome: CommandOutcome) => void;
}

/** The commands' handlers; `given` is the argv their flags came from, `onBatch` what a batch's options go to. */
function handlersFor(given: readonly string[], onBatch: BatchHandler, ctx: HandlerContext): Handlers {
  const { io } = ctx;
  return {
    run: (flags, makeOp) => onBatch(toBatchOptions(flags, makeOp, given, io.cwd), flags),
    recipe: async (flags) => {
      const { recipeOptions } = await import('./recipe-options');
      await onBatch(await recipeOptions(flags, given, io.cwd), flags as unknown as ReportFlags);
    },
    bench: async (flags) => {
      const { runBenchCommand } = await import('./bench-command');
      const { args, outGiven } = benchCommandArgs(splitBenchArgv(given).inner, path.join(io.env['TMPDIR'] ?? os.tmpdir(), 'imgbatch-bench-no-output'));
      const line = { command: `imgbatch ${given.join(' ')}`, outGiven };
      const bench: BatchHandler = async (options, report) => ctx.setOutcome(await runBenchCommand(options, report, flags, io, line));
      await ctx.parse(inputsAfterDoubleDash(flagsForYargs(args)), handlersFor(args, bench, ctx));
    },
    merge: async (flags) => {
      const { runMerge } = await import('./merge-command');
      ctx.setOutcome({ exitCode: await runMerge(flags, given, io), interrupted: undefined });
    },
    schema: async () => {
      const { recipeJsonSchema } = await import('../core/recipe');
      io.stdout.write(`${JSON.stringify(recipeJsonSchema(), null, 2)}\n`);
    },
  };
}

/** What yargs sees of argv: for `bench`, its own flags and the word of the command it measures (that command parses the rest). */
function yargsArgs(argv: readonly string[], active: string | undefined): string[] {
  if (active !== 'bench') return withStdinReport(inputsAfterDoubleDash(flagsForYargs(argv)), active);
  const { own, inner } = splitBenchArgv(argv);
  const word = inner[0] !== undefined && !inner[0].startsWith('-') ? [inner[0]] : [];
  return flagsForYargs([...own, ...word]);
}

/** Parses argv, runs the command, and returns the exit code. Never calls process.exit itself. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<CommandOutcome> {
  let outcome: CommandOutcome = { exitCode: ExitCode.Ok, interrupted: undefined };
  const active = argv.find((a) => ALL_COMMANDS.includes(a));
  const batch = async (options: ResolvedOptions, flags: ReportFlags): Promise<void> => {
    // 4 threads by default: with -j above 3 the workers would queue for them. Nothing before the
    // batch does asynchronous I/O, so the size is still unread.
    sizeUvThreadpool(options.concurrency);
    // Loaded only when a batch runs, so --help and --version stay fast.
    const { runCommand } = await import('./run-command');
    outcome = await runCommand(options, flags, io);
  };
  // With a callback yargs hands --help and --version text over instead of printing it to the
  // console: it goes to io.stdout, like every other line the CLI writes.
  const parse = async (args: readonly string[], h: Handlers): Promise<void> => {
    let printed = '';
    await withoutHelpCache(parserFor(args, h, io.stdout.columns)).parseAsync(args, {}, (_error, _argv, output) => {
      printed = output;
    });
    if (printed !== '') io.stdout.write(`${printed}\n`);
  };
  const handlers = handlersFor(argv, batch, { io, parse, setOutcome: (o) => (outcome = o) });
  try {
    await parse(yargsArgs(argv, active), handlers);
    return outcome;
  } catch (error: unknown) {
    if (error instanceof ImgbatchError) {
      // No command word: yargs' own message lists every argument as unknown; name the word instead.
      const unknown = error.code === 'USAGE' && active === undefined ? unknownCommandMessage(argv, ALL_COMMANDS) : undefined;
      io.stderr.write(`imgbatch: ${unknown ?? error.message}\n`);
      if (error.exitCode === ExitCode.Usage) {
        io.stderr.write(`Run "imgbatch ${active === undefined ? '' : `${active} `}--help" for usage.\n`);
      }
      return { exitCode: error.exitCode, interrupted: undefined };
    }
    io.stderr.write(`imgbatch: internal error: ${errorMessage(error)}\n${error instanceof Error ? (error.stack ?? '') : ''}\n`);
    return { exitCode: ExitCode.Internal, interrupted: undefined };
  }
}
