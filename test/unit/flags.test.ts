import fs from 'node:fs';
import path from 'node:path';
import yargs, { type Argv, type CommandModule } from 'yargs';
import { flagsForYargs } from '../../src/cli/cli';
import { filterCommand } from '../../src/cli/commands/filter';
import { resizeCommand } from '../../src/cli/commands/resize';
import { thumbnailCommand } from '../../src/cli/commands/thumbnail';
import { FORMAT_ALIASES, formatChoiceNames, parseFormatWord as parseFormatFlag } from '../../src/core/formats';
import type { CommandRunner } from '../../src/cli/parse';
import { FORMAT_CHOICES } from '../../src/core/formats';
import { fixtures, tempDir } from '../helpers/fixtures';
import { runCliInProcess } from '../helpers/run-cli';

const noRun: CommandRunner = async () => {};
const COMMANDS: readonly { name: string; lead: readonly string[]; module: CommandModule<object, object> }[] = [
  { name: 'resize', lead: [], module: resizeCommand(noRun) as unknown as CommandModule<object, object> },
  { name: 'filter', lead: ['grayscale'], module: filterCommand(noRun) as unknown as CommandModule<object, object> },
  { name: 'thumbnail', lead: [], module: thumbnailCommand(noRun) as unknown as CommandModule<object, object> },
];

/** Every flag a command declares as a string (one value), read from the declarations themselves. */
function singleValueFlags(module: CommandModule<object, object>): string[] {
  const build = module.builder as (y: Argv) => Argv;
  const built = build(yargs([])) as unknown as { getOptions(): { string: string[] } };
  return built.getOptions().string.filter((key) => key.length > 1 && key !== 'inputs');
}

describe('--format: the choices, their aliases, any case', () => {
  test.each([
    ['jpg', 'jpeg'],
    ['JPG', 'jpeg'],
    ['Jpg', 'jpeg'],
    ['jpeg', 'jpeg'],
    ['JPEG', 'jpeg'],
    ['png', 'png'],
    ['PNG', 'png'],
    ['WebP', 'webp'],
    ['AVIF', 'avif'],
    ['Keep', 'keep'],
    [' webp ', 'webp'],
  ])('%j → %s', (typed, format) => {
    expect(parseFormatFlag(typed)).toBe(format);
  });

  test.each(['gif', 'GIF', 'tif', 'tiff', 'jpe', 'bmp', 'svg', 'jp', ''])('%j is refused, echoed as typed', async (typed) => {
    expect(parseFormatFlag(typed)).toBeUndefined();
    const run = await runCliInProcess(['resize', fixtures.photosDir, '-o', path.join(tempDir(), 'o'), '--format', typed]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Expected one of keep, jpeg (or jpg), png, webp, avif, in any case for --format but received ${JSON.stringify(typed)}`);
  });

  test('every alias names a choice, and help names every choice once, with its aliases', () => {
    expect([...FORMAT_ALIASES]).toEqual([['jpg', 'jpeg']]);
    for (const choice of FORMAT_ALIASES.values()) expect(FORMAT_CHOICES).toContain(choice);
    expect(formatChoiceNames()).toEqual(['keep', 'jpeg (or jpg)', 'png', 'webp', 'avif']);
  });

  test('--format JPG writes .jpg outputs', async () => {
    const out = path.join(tempDir(), 'o');
    const run = await runCliInProcess(['resize', fixtures.checkerGif, '-o', out, '--format', 'JPG', '--no-isolate', '-j', '1', '--quiet']);
    expect(run.code).toBe(0);
    expect(fs.readdirSync(out).filter((f) => !f.startsWith('.'))).toEqual(['checker.jpg']);
  });
});

describe('flags as yargs must see them: `--files-from -` is standard input, -0 is --null', () => {
  const cases: readonly { name: string; args: readonly string[]; expected: readonly string[] }[] = [
    { name: 'a lone - after --files-from is its value', args: ['--files-from', '-', '-0'], expected: ['--files-from=-', '-0'] },
    { name: "a short flag's digits stay its value", args: ['-j0', '-q90', '-o0'], expected: ['-j=0', '-q=90', '-o=0'] },
    { name: 'switches grouped with -0 stay as typed', args: ['-r0', '-0'], expected: ['-r0', '-0'] },
    { name: 'a - that is no value stays', args: ['--files-from', 'list', '-'], expected: ['--files-from', 'list', '-'] },
    { name: 'nothing after -- changes', args: ['a', '--', '--files-from', '-', '-j0'], expected: ['a', '--', '--files-from', '-', '-j0'] },
  ];
  test.each(cases)('$name', ({ args, expected }) => {
    expect(flagsForYargs(args)).toEqual(expected);
  });

  test('-0 and -r0 parse as --null (with --recursive), and -j0 is still a bad -j', async () => {
    const dir = tempDir();
    const list = path.join(dir, 'list');
    fs.writeFileSync(list, `${fixtures.checkerGif}\0`);
    const ok = await runCliInProcess(['resize', '--files-from', list, '-r0', '-o', path.join(dir, 'o'), '--dry-run']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const bad = await runCliInProcess(['resize', fixtures.photosDir, '-j0', '-o', path.join(dir, 'o')]);
    expect(bad.stderr).toMatch(/^imgbatch: Expected a positive integer for --concurrency but received "0"$/m);
  });
});

describe('a single-value flag given more than once', () => {
  // `filter`'s <filter> positional is a string too; given again as --filter it counts the positional.
  const cases = COMMANDS.flatMap((c) =>
    singleValueFlags(c.module)
      .filter((f) => f !== 'filter')
      .map((flag) => ({ command: c.name, lead: c.lead, flag })),
  );

  test('the commands declare the flags this covers', () => {
    expect(cases.map((c) => `${c.command} --${c.flag}`)).toEqual(
      expect.arrayContaining([
        'resize --width',
        'resize --height',
        'thumbnail --size',
        'filter --out',
        'filter --concurrency',
        'resize --format',
        'resize --quality',
        'resize --optimize-coding',
        'resize --suffix',
        'resize --max-pixels',
        'resize --timeout',
      ]),
    );
  });

  test.each(cases)('$command --$flag twice: named with both values, exit 2', async ({ command, lead, flag }) => {
    const out = flag === 'out' ? [] : ['-o', path.join(tempDir(), 'o')];
    const run = await runCliInProcess([command, ...lead, fixtures.photosDir, ...out, `--${flag}`, '5', `--${flag}`, '7']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^imgbatch: --${flag} was given 2 times \\("5", "7"\\); give it once$`, 'm'));
    expect(run.stderr).not.toMatch(/\(object\)/);
  });

  test('short and long spellings are named as typed; three times says 3', async () => {
    const run = await runCliInProcess(['resize', fixtures.photosDir, '-o', 'o', '-q', '5', '--quality=7', '-j', '1', '-j', '2', '-j', '3']);
    expect(run.stderr).toContain('-q/--quality was given 2 times ("5", "7"); give it once');
    expect(run.stderr).toContain('-j was given 3 times ("1", "2", "3"); give it once');
  });

  test('every other issue is still reported with it', async () => {
    const run = await runCliInProcess(['resize', fixtures.photosDir, '-o', 'o', '--width', '5', '--width', '7', '--height', 'abc', '--format', 'bmp']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').slice(0, 3)).toEqual([
      'imgbatch: --width was given 2 times ("5", "7"); give it once',
      'Expected a positive integer for --height but received "abc"',
      'Expected one of keep, jpeg (or jpg), png, webp, avif, in any case for --format but received "bmp"',
    ]);
  });
});

describe('an unknown command', () => {
  test.each([
    { argv: ['bogus', 'photos', '-o', 'o'], word: 'bogus', hint: '' },
    { argv: ['-o', 'o', 'bogus', 'photos'], word: 'bogus', hint: '' },
    { argv: ['photos', '-o', 'o'], word: 'photos', hint: '' },
    { argv: ['resze', 'photos', '-o', 'o'], word: 'resze', hint: ' (did you mean resize?)' },
    { argv: ['Filter', 'sepia', 'photos', '-o', 'o'], word: 'Filter', hint: ' (did you mean filter?)' },
    { argv: ['thumbnial', 'photos'], word: 'thumbnial', hint: ' (did you mean thumbnail?)' },
    { argv: ['thumb', 'photos', '-o', 'o', '--width', '5'], word: 'thumb', hint: ' (did you mean thumbnail?)' },
  ])('$argv → names "$word" and the commands', async ({ argv, word, hint }) => {
    const run = await runCliInProcess(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `imgbatch: Unknown command "${word}"; expected resize, filter, thumbnail, run, bench, merge or schema${hint}\nRun "imgbatch --help" for usage.\n`,
    );
  });

  test('no command at all keeps its own message', async () => {
    const run = await runCliInProcess([]);
    expect(run.stderr).toMatch(/^imgbatch: Expected a command \(resize, filter, thumbnail, run, bench, merge or schema\) but received none/);
  });
});
