/**
 * Usage errors, --help and --version, through runCli in this process: what the user typed → exit
 * code and message. The bin's own wiring is cli-spawned.test.ts's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, tempDir } from '../helpers/fixtures';
import { runCliInProcess } from '../helpers/run-cli';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

describe('imgbatch CLI (in process)', () => {
  test.each<{ name: string; args: (out: string) => string[]; stderr: RegExp }>([
    {
      name: 'non-numeric --width',
      args: (o) => ['resize', 'fixtures/photos', '-o', o, '--width', 'abc'],
      stderr: /Expected a positive integer for --width but received "abc"/,
    },
    {
      name: 'zero --size',
      args: (o) => ['thumbnail', 'fixtures/photos', '-o', o, '--size', '0'],
      stderr: /Expected a positive integer for --size but received "0"/,
    },
    {
      name: '--quality out of range',
      args: (o) => ['resize', 'fixtures/photos', '-o', o, '-q', '101'],
      stderr: /Expected an integer from 1 to 100 for --quality but received "101"/,
    },
    {
      name: 'unknown --format',
      args: (o) => ['resize', 'fixtures/photos', '-o', o, '--format', 'bmp'],
      stderr: /Expected one of keep, jpeg \(or jpg\), png, webp, avif, in any case for --format but received "bmp"/,
    },
    {
      name: 'unknown --optimize-coding',
      args: (o) => ['resize', 'fixtures/photos', '-o', o, '--optimize-coding', 'yes'],
      stderr: /Expected auto, on or off for --optimize-coding but received "yes"/,
    },
    {
      name: 'unknown filter',
      args: (o) => ['filter', 'blur', 'fixtures/photos', '-o', o],
      stderr: /Expected one of grayscale, sepia for the filter but received "blur"/,
    },
    {
      name: 'every issue at once',
      args: (o) => ['resize', 'fixtures/photos', '-o', o, '--width', 'x', '-j', '0'],
      stderr: /--width but received "x"[\s\S]*--concurrency but received "0"/,
    },
    {
      name: 'missing -o',
      args: () => ['resize', 'fixtures/photos'],
      stderr: /Expected an output folder: add -o <dir>\nRun "imgbatch resize --help" for usage\./,
    },
    { name: 'unknown flag', args: (o) => ['resize', 'fixtures/photos', '-o', o, '--colour'], stderr: /Unknown argument: colour/ },
    { name: 'no command', args: () => [], stderr: /Expected a command \(resize, filter, thumbnail, run, bench, merge or schema\) but received none/ },
    {
      name: 'no inputs found',
      args: (o) => ['resize', 'fixtures/nothing-here/*.jpg', '-o', o],
      stderr: /Expected at least one image but found none\. Looked in:\n {2}glob "fixtures\/nothing-here\/\*\.jpg"/,
    },
  ])('usage error: $name → exit 2, a message saying what was expected, nothing written', async ({ args, stderr }) => {
    const out = path.join(tempDir(), 'out');
    const r = await runCliInProcess(args(out), { cwd: repoRoot });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
    expect(r.stdout).toBe('');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('--help of each command lists its flags and defaults; --version prints the version', async () => {
    const top = await runCliInProcess(['--help']);
    expect(top.code).toBe(0);
    // The inputs are optional for yargs: a --files-from list may replace them.
    expect(top.stdout).toMatch(/resize \[inputs\.\.\][\s\S]*filter <filter> \[inputs\.\.\][\s\S]*thumbnail \[inputs\.\.\]/);
    const resize = (await runCliInProcess(['resize', '--help'])).stdout;
    expect(resize).toMatch(/^imgbatch resize <inputs\.\.> -o <dir> \[options\]\nimgbatch resize --files-from <list> -o <dir> \[options\]\n\nFit images/);
    for (const flag of [
      '--out',
      '--recursive',
      '--concurrency',
      '--format',
      '--quality',
      '--optimize-coding',
      '--suffix',
      '--skip-existing',
      '--keep-metadata',
      '--json',
      '--quiet',
      '--progress',
      '--width',
      '--height',
    ]) {
      expect(resize).toContain(flag);
    }
    expect(resize).toMatch(/PNG, GIF and TIFF ignore it/);
    expect(resize).toMatch(/default: 85/);
    expect((await runCliInProcess(['thumbnail', '--help'])).stdout).toMatch(/--size[\s\S]*default: 150/);
    const version = await runCliInProcess(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
  });
});
