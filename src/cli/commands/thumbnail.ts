import type { CommandModule } from 'yargs';
import { THUMBNAIL_OPTION_SPECS } from '../../core/op-specs';
import { THUMBNAIL_LIST_SPECS } from '../../core/list-specs';
import { usageLines, withOwnFlags, withSharedFlags, type FlagsOf, type SharedFlags } from '../shared-flags';
import type { CommandRunner } from '../parse';

export type ThumbnailFlags = SharedFlags & FlagsOf<typeof THUMBNAIL_OPTION_SPECS> & FlagsOf<typeof THUMBNAIL_LIST_SPECS>;

const DESCRIBE = 'Square thumbnails: the largest centred square, scaled to exactly size × size';

export function thumbnailCommand(run: CommandRunner): CommandModule<object, ThumbnailFlags> {
  return {
    command: 'thumbnail [inputs..]',
    describe: DESCRIBE,
    builder: (y) =>
      withOwnFlags(withSharedFlags(y), THUMBNAIL_OPTION_SPECS, THUMBNAIL_LIST_SPECS)
        .usage(usageLines('thumbnail', DESCRIBE))
        .example('$0 thumbnail photos -o thumbs', '150×150 thumbnails')
        .example('$0 thumbnail photos -r -o thumbs --size 256 --format webp', '256×256 WebP thumbnails of photos/ and its subfolders')
        .example('$0 thumbnail photos -o thumbs --sizes 150,300', '150×150 and 300×300 thumbnails from one decode'),
    handler: (flags) => run(flags, () => ({ kind: 'thumbnail', specs: THUMBNAIL_OPTION_SPECS, lists: THUMBNAIL_LIST_SPECS })),
  };
}
