'use strict';
// The bench scripts' command line: `--name value` flags, read the same way by every script.

/** The value after `--name` on the command line, or `fallback`. */
function arg(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

module.exports = { arg };
