import { runCli } from '../../src/cli/cli';

export type Json = Record<string, unknown>;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** NDJSON records, when `--json` was given. */
  readonly records: readonly Json[];
}

/** A stream that keeps what is written to it. */
function memoryStream(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = {
    isTTY: false,
    write: (chunk: string | Uint8Array): boolean => {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

/** Runs the CLI in this process, as the bin would, with captured streams; `interrupt` stands for SIGINT/SIGTERM. */
export async function runCliInProcess(argv: readonly string[], interrupt: AbortSignal = new AbortController().signal): Promise<CliRun> {
  const stdout = memoryStream();
  const stderr = memoryStream();
  const { exitCode } = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, env: {}, interrupt });
  const records = argv.includes('--json')
    ? stdout
        .text()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Json)
    : [];
  return { code: exitCode, stdout: stdout.text(), stderr: stderr.text(), records };
}
