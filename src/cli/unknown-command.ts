import { Parser } from 'yargs/helpers';
import { escapeControl } from '../core/names';

/** Edits (insert, delete, substitute) from a to b. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** `a, b or c`. */
export const listed = (words: readonly string[]): string => `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] ?? ''}`;

/**
 * The message for argv whose first word is not a command (`imgbatch bogus photos -o o`), or
 * undefined when there is no such word. yargs would list every positional and option value as an
 * unknown argument (`Unknown arguments: o, bogus, photos`); this names the word, the commands, and
 * the closest one when it looks like a typo (at most 2 edits, or the start of a command).
 */
export function unknownCommandMessage(argv: readonly string[], commands: readonly string[]): string | undefined {
  const first = Parser(
    argv.filter((a) => a !== '--'),
    { configuration: { 'halt-at-non-option': true } },
  )._[0];
  if (first === undefined) return undefined;
  const word = String(first);
  if (commands.includes(word)) return undefined;
  const list = listed(commands);
  const lower = word.toLowerCase();
  const closest = commands
    .map((c) => ({ c, d: distance(lower, c) }))
    .filter((x) => x.d <= 2 || (lower.length >= 3 && x.c.startsWith(lower)))
    .sort((a, b) => a.d - b.d)[0];
  const hint = closest === undefined ? '' : ` (did you mean ${closest.c}?)`;
  return `Unknown command ${escapeControl(JSON.stringify(word))}; expected ${list}${hint}`;
}
