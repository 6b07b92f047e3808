import type { CommandModule } from 'yargs';
import { THUMBNAIL_OPTION_SPECS } from '../../core/op-specs';
import { withOwnFlags, withSharedFlags, type FlagsOf, type SharedFlags } from '../shared-flags';
import type { CommandRunner } from '../parse';

export type ThumbnailFlags = SharedFlags & FlagsOf<typeof THUMBNAIL_OPTION_SPECS>;

export function thumbnailCommand(run: CommandRunner): CommandModule<object, ThumbnailFlags> {
  return {
    command: 'thumbnail <inputs..>',
    describe: 'Square thumbnails: the largest centred square, scaled to exactly size × size',
    builder: (y) =>
      withOwnFlags(withSharedFlags(y), THUMBNAIL_OPTION_SPECS)
        .example('$0 thumbnail photos -o thumbs', '150×150 thumbnails')
        .example('$0 thumbnail photos -r -o thumbs --size 256 --format webp', '256×256 WebP thumbnails of photos/ and its subfolders'),
    handler: (flags) => run(flags, () => ({ kind: 'thumbnail', specs: THUMBNAIL_OPTION_SPECS })),
  };
}
