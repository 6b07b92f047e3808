import { ExitCode } from '../core/errors';
import { interruptOf, listenForInterrupts, type InterruptSignal } from './interrupts';
import { prestartConfig } from './prestart';
import { packageVersion } from '../batch/versions';

function ignoreStreamError(): void {
  // EPIPE from a reader that left: see main().
}

/** Dies of `signal` (its handlers removed first): the shell sees 130 or 143 at once. */
function dieOf(signal: InterruptSignal): void {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}

/** The bin entry: the only place that touches process.exitCode. */
export async function main(argv: readonly string[]): Promise<void> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    // The commonest probe answers without loading yargs: start-up is most of its cost.
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  // From here on an interrupt is the batch's, whenever it comes: one while yargs loads or files
  // are found still gets the summary. A second leaves at once: process.exit() would wait for worker
  // threads whose libvips work is still running, so die of the signal itself (the shell sees 130
  // or 143). Temporaries never carry a final name, so nothing partial remains.
  const interrupts = listenForInterrupts(process, dieOf);
  // A reader that goes away (`imgbatch … --json | head -1`) must not crash the batch with EPIPE:
  // the files it asked for are still processed, and the exit code still tells the outcome.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', ignoreStreamError);
  // A batch's worker process starts first: its start-up (node, piscina, threads loading libvips)
  // then overlaps this process loading yargs, parsing flags and finding files.
  const config = prestartConfig(argv);
  const spare = config === undefined ? undefined : (await import('../runners/worker-process')).forkWorkerProcess(config);
  // yargs and the commands load only now: `--version` above stays close to a bare node start.
  const { runCli } = await import('./cli');
  const { exitCode, interrupted } = await runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    interrupt: interrupts.signal,
    stdin: () => process.stdin,
    ...(spare === undefined ? {} : { spareWorkerProcess: spare }),
  });
  // Unused (a usage error came first): it goes. Adopted: it has exited already, and this is a no-op.
  spare?.child.kill('SIGKILL');
  process.exitCode = exitCode;
  // An interrupt that no batch reported (it came before `--help` printed, or before an internal
  // error) still ends the process by its signal; a usage error (2) outranks it.
  const signal = interrupted ?? (exitCode === ExitCode.Usage ? undefined : interruptOf(interrupts.signal));
  if (signal === undefined) {
    interrupts.stop();
    return;
  }
  // The one explicit exit. process.exit() would wait for worker threads whose libvips work is
  // still running on libuv's threads (seconds for a large image: bench/RESULTS.md), so once the summary is
  // out, die of the signal itself: shells report 130 (SIGINT) or 143 (SIGTERM), and a shell loop
  // around imgbatch stops too, as it should on Ctrl-C.
  process.stdout.write('', () => dieOf(signal));
}
