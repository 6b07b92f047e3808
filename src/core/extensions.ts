/**
 * Extensions picked from folders and globs (compared case-insensitively). SVG is picked so that it
 * is accounted for, and skipped (`svg-not-allowed`) unless `--allow-svg` is given. A module of its
 * own so that `--help` can name them without loading fast-glob.
 */
export const IMAGE_EXTENSIONS: readonly string[] = ['jpg', 'jpeg', 'png', 'webp', 'gif', 'tif', 'tiff', 'avif', 'svg'];
