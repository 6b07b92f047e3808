import type { CommandModule } from 'yargs';
import type { ResizeOp } from '../../core/ops';
import { withSharedFlags, type SharedFlags } from '../shared-flags';
import { parseIntFlag, type CommandRunner } from '../parse';

export interface ResizeFlags extends SharedFlags {
  readonly width?: string | undefined;
  readonly height?: string | undefined;
}

export function resizeCommand(run: CommandRunner): CommandModule<object, ResizeFlags> {
  return {
    command: 'resize <inputs..>',
    describe: 'Fit images inside a box (default 800×600), keeping the aspect ratio; never enlarges',
    builder: (y) =>
      withSharedFlags(y)
        .option('width', { type: 'string', group: 'Resize:', describe: 'Width in pixels (alone: height follows the aspect ratio)' })
        .option('height', { type: 'string', group: 'Resize:', describe: 'Height in pixels (alone: width follows the aspect ratio)' })
        .example('$0 resize photos -o out', 'fit inside 800×600')
        .example('$0 resize photos -o out --width 1200', 'width 1200, height follows')
        .example("$0 resize 'shots/**/*.png' -o small --width 640 --height 640 --format webp", 'fit inside 640×640, as WebP'),
    handler: (flags) =>
      run(flags, (issues, single): ResizeOp => {
        const width = parseIntFlag('--width', single.width, issues);
        const height = parseIntFlag('--height', single.height, issues);
        return { kind: 'resize', ...(width === undefined ? {} : { width }), ...(height === undefined ? {} : { height }) };
      }),
  };
}
