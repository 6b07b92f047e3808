/**
 * Worker threads per core at most. An image pipeline keeps one core busy (libvips runs one thread
 * per operation here), so threads beyond the cores only take turns, each with its own heap and
 * libvips caches, at a large cost in time and memory (bench/RESULTS.md, "Design decisions"). Twice
 * the cores leaves room for files that wait on slow storage.
 */
export const MAX_THREADS_PER_CORE = 2;

/** sharp refuses a longer `timeout()`, and Node's timers could not count it either. */
export const MAX_TIMEOUT_SECONDS = 3600;

/**
 * What a whole number looks like on the command line: digits only (no sign, point, exponent or
 * hex). Here, not beside the option declarations, so that the CLI's pre-start guess at `-j` can
 * use it without loading the schema library.
 */
export const WHOLE_NUMBER_TEXT = /^\d+$/;
