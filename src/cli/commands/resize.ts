import type { CommandModule } from 'yargs';
import { RESIZE_OPTION_SPECS } from '../../core/op-specs';
import { RESIZE_LIST_SPECS } from '../../core/list-specs';
import { usageLines, withOwnFlags, withSharedFlags, type FlagsOf, type SharedFlags } from '../shared-flags';
import type { CommandRunner } from '../parse';

export type ResizeFlags = SharedFlags & FlagsOf<typeof RESIZE_OPTION_SPECS> & FlagsOf<typeof RESIZE_LIST_SPECS>;

const DESCRIBE = 'Fit images inside a box (default 800×600), keeping the aspect ratio; never enlarges';

export function resizeCommand(run: CommandRunner): CommandModule<object, ResizeFlags> {
  return {
    command: 'resize [inputs..]',
    describe: DESCRIBE,
    builder: (y) =>
      withOwnFlags(withSharedFlags(y), RESIZE_OPTION_SPECS, RESIZE_LIST_SPECS)
        .usage(usageLines('resize', DESCRIBE))
        .example('$0 resize photos -o out', 'fit inside 800×600')
        .example('$0 resize photos -o out --width 1200', 'width 1200, height follows')
        .example("$0 resize 'shots/**/*.png' -o small --width 640 --height 640 --format webp", 'fit inside 640×640, as WebP')
        .example('find photos -type f -print0 | $0 resize --files-from - -0 -o out', 'the files find lists (NUL-separated)')
        .example(
          '$0 resize photos -o site --widths 320,640,1280 --formats webp,jpeg --manifest site/images.json',
          'six outputs per photo from one decode, and a manifest',
        ),
    handler: (flags) => run(flags, () => ({ kind: 'resize', specs: RESIZE_OPTION_SPECS, lists: RESIZE_LIST_SPECS })),
  };
}
