import type { CommandModule } from 'yargs';
import { DEFAULT_THUMBNAIL_SIZE } from '../../core/ops';
import type { ThumbnailOp } from '../../core/ops';
import { withSharedFlags, type SharedFlags } from '../shared-flags';
import { parseIntFlag, type CommandRunner } from '../parse';

export interface ThumbnailFlags extends SharedFlags {
  readonly size?: string | undefined;
}

export function thumbnailCommand(run: CommandRunner): CommandModule<object, ThumbnailFlags> {
  return {
    command: 'thumbnail <inputs..>',
    describe: 'Square thumbnails: the largest centred square, scaled to exactly size × size',
    builder: (y) =>
      withSharedFlags(y)
        .option('size', {
          type: 'string',
          group: 'Thumbnail:',
          defaultDescription: String(DEFAULT_THUMBNAIL_SIZE),
          describe: 'Edge of the square in pixels (small inputs are enlarged to it)',
        })
        .example('$0 thumbnail photos -o thumbs', '150×150 thumbnails')
        .example('$0 thumbnail photos -r -o thumbs --size 256 --format webp', '256×256 WebP thumbnails of photos/ and its subfolders'),
    handler: (flags) =>
      run(flags, (issues, single): ThumbnailOp => ({
        kind: 'thumbnail',
        size: parseIntFlag('--size', single.size, issues) ?? DEFAULT_THUMBNAIL_SIZE,
      })),
  };
}
