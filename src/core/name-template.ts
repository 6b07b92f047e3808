/**
 * Output name templates (`--name '{dir}/{name}-{width}.{ext}'`): parsing, checking and filling in.
 * Pure: no I/O.
 */

/** Every token a template may use, with what it stands for (for help, the README and messages). */
export const NAME_TOKENS = {
  dir: "the input's folder relative to its root ('' at the root)",
  name: "the input's name without its extension, plus --suffix",
  ext: "the output's extension: the input's own spelling while the format is unchanged, else the format's (jpg, png, webp, avif)",
  format: "the output's format: jpeg, png, webp, avif, gif or tiff",
  width: "the output's width in pixels",
  height: "the output's height in pixels",
  hash: "10 hex digits of a hash of the input's content and the output's settings (for cache-busting URLs)",
} as const;

export type NameToken = keyof typeof NAME_TOKENS;
export type NameValues = Readonly<Record<NameToken, string>>;

const TOKEN_NAMES = Object.keys(NAME_TOKENS) as NameToken[];
const isToken = (word: string): word is NameToken => (TOKEN_NAMES as string[]).includes(word);

/** The default name of each output when an input has several: one per width and format. */
export const DEFAULT_SEVERAL_NAME = '{dir}/{name}-{width}.{ext}';

/** What a template must be, in words (the option's `expected`). */
export const NAME_EXPECTED = `a relative path template of text and the tokens ${TOKEN_NAMES.map((t) => `{${t}}`).join(' ')}, with a file name after its last /`;

/** Why `template` is not a usable name template, or undefined when it is. */
export function nameTemplateProblem(template: string): string | undefined {
  if (template.trim() === '') return 'it is empty';
  if (template.includes('\0')) return 'it contains NUL';
  if (template.includes('\\')) return 'it contains \\ (use / between folders)';
  if (template.startsWith('/')) return 'it is absolute (names are relative to --out)';
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    const word = match[1] ?? '';
    if (!isToken(word)) return `{${word}} is not a token (the tokens are ${TOKEN_NAMES.map((t) => `{${t}}`).join(' ')})`;
  }
  if (/[{}]/.test(template.replace(/\{[a-z]+\}/g, ''))) return 'it has a { or } that opens or closes no token';
  const segments = template.split('/');
  if (segments.some((s) => s === '.' || s === '..')) return 'it has a . or .. folder (names stay inside --out)';
  const last = segments.at(-1) ?? '';
  if (last === '') return 'it ends with / (it needs a file name)';
  return undefined;
}

/** The tokens a template uses. */
export function tokensOf(template: string): ReadonlySet<NameToken> {
  return new Set([...template.matchAll(/\{([a-z]+)\}/g)].map((m) => m[1] ?? '').filter(isToken));
}

/**
 * Fills in a checked template. The result is relative, with empty folders dropped (`{dir}/{name}`
 * at the root is just the name). Values come from names the file system gave, so they hold no /.
 */
export function fillName(template: string, values: NameValues): string {
  const filled = template.replace(/\{([a-z]+)\}/g, (whole, word: string) => (isToken(word) ? values[word] : whole));
  return filled
    .split('/')
    .filter((segment) => segment !== '')
    .join('/');
}
