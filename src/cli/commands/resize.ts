import type { CommandModule } from 'yargs';
import { RESIZE_OPTION_SPECS } from '../../core/op-specs';
import { RESIZE_LIST_SPECS } from '../../core/list-specs';
import { withOwnFlags, withSharedFlags, type FlagsOf, type SharedFlags } from '../shared-flags';
import type { CommandRunner } from '../parse';

export type ResizeFlags = SharedFlags & FlagsOf<typeof RESIZE_OPTION_SPECS> & FlagsOf<typeof RESIZE_LIST_SPECS>;

export function resizeCommand(run: CommandRunner): CommandModule<object, ResizeFlags> {
  return {
    command: 'resize <inputs..>',
    describe: 'Fit images inside a box (default 800×600), keeping the aspect ratio; never enlarges',
    builder: (y) =>
      withOwnFlags(withSharedFlags(y), RESIZE_OPTION_SPECS, RESIZE_LIST_SPECS)
        .example('$0 resize photos -o out', 'fit inside 800×600')
        .example('$0 resize photos -o out --width 1200', 'width 1200, height follows')
        .example("$0 resize 'shots/**/*.png' -o small --width 640 --height 640 --format webp", 'fit inside 640×640, as WebP')
        .example(
          '$0 resize photos -o site --widths 320,640,1280 --formats webp,jpeg --manifest site/images.json',
          'six outputs per photo from one decode, and a manifest',
        ),
    handler: (flags) => run(flags, () => ({ kind: 'resize', specs: RESIZE_OPTION_SPECS, lists: RESIZE_LIST_SPECS })),
  };
}
