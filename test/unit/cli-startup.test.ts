import yargs, { type Argv } from 'yargs';
import { withoutHelpCache } from '../../src/cli/cli';

/** yargs 17's usage instance, where help is formatted. */
interface Usage {
  help: () => string;
}
const usageOf = (parser: Argv): Usage =>
  (parser as unknown as { getInternalMethods: () => { getUsageInstance: () => Usage } }).getInternalMethods().getUsageInstance();

/** Parses `resize a.jpg` with a command of many options; how many times its help was formatted, and whether the handler ran. */
async function helpFormattings(prepare: (parser: Argv) => Argv): Promise<{ formatted: number; ran: boolean }> {
  let ran = false;
  const parser = yargs(['resize', 'a.jpg'])
    .command(
      'resize [inputs..]',
      'resize images',
      (y) => y.option('width', { type: 'number', describe: 'the width of the box, in pixels' }).option('height', { type: 'number', describe: 'its height' }),
      () => {
        ran = true;
      },
    )
    .strict()
    .exitProcess(false);
  const usage = usageOf(parser);
  const help = usage.help.bind(usage);
  let formatted = 0;
  usage.help = () => {
    formatted += 1;
    return help();
  };
  await prepare(parser).parseAsync(['resize', 'a.jpg'], {}, () => undefined);
  return { formatted, ran };
}

describe("withoutHelpCache (yargs 17's internals)", () => {
  test('yargs formats a command’s help after running its handler: the cost it removes still exists', async () => {
    expect(await helpFormattings((p) => p)).toEqual({ formatted: 1, ran: true });
  });

  test('with it, the handler runs and no help is formatted', async () => {
    expect(await helpFormattings(withoutHelpCache)).toEqual({ formatted: 0, ran: true });
  });
});
