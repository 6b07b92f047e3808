import { DEFAULT_SEVERAL_NAME, fillName, NAME_TOKENS, nameTemplateProblem, tokensOf, type NameToken, type NameValues } from '../../src/core/name-template';

const values: NameValues = {
  dir: 'trips/2024',
  name: 'beach-sm',
  ext: 'webp',
  format: 'webp',
  width: '640',
  height: '480',
  hash: '0123456789',
};

describe('fillName', () => {
  test.each<{ token: NameToken; template: string; expected: string }>([
    { token: 'dir', template: '{dir}/x.jpg', expected: 'trips/2024/x.jpg' },
    { token: 'name', template: '{name}.jpg', expected: 'beach-sm.jpg' },
    { token: 'ext', template: 'x.{ext}', expected: 'x.webp' },
    { token: 'format', template: 'by-format/{format}/x', expected: 'by-format/webp/x' },
    { token: 'width', template: 'x-{width}w.jpg', expected: 'x-640w.jpg' },
    { token: 'height', template: 'x-{height}h.jpg', expected: 'x-480h.jpg' },
    { token: 'hash', template: 'x.{hash}.jpg', expected: 'x.0123456789.jpg' },
  ])('fills {$token}: $template → $expected', ({ template, expected }) => {
    expect(fillName(template, values)).toBe(expected);
  });

  test('every token is covered by the table above and the default template', () => {
    expect(Object.keys(NAME_TOKENS).sort()).toEqual(['dir', 'ext', 'format', 'hash', 'height', 'name', 'width']);
    expect(fillName(DEFAULT_SEVERAL_NAME, values)).toBe('trips/2024/beach-sm-640.webp');
  });

  test.each<{ where: string; dir: string; expected: string }>([
    { where: 'at the root', dir: '', expected: 'beach-sm-640.webp' },
    { where: 'one folder down', dir: 'trips', expected: 'trips/beach-sm-640.webp' },
    { where: 'two folders down', dir: 'trips/2024', expected: 'trips/2024/beach-sm-640.webp' },
  ])('{dir} $where: empty folders are dropped', ({ dir, expected }) => {
    expect(fillName(DEFAULT_SEVERAL_NAME, { ...values, dir })).toBe(expected);
    expect(fillName('{dir}/{format}/{name}.{ext}', { ...values, dir })).toBe(expected.replace(/[^/]*$/, 'webp/beach-sm.webp'));
  });

  test('a token used twice is filled twice; text around tokens is kept', () => {
    expect(fillName('{width}x{height}/{name}_{width}.{ext}', values)).toBe('640x480/beach-sm_640.webp');
  });
});

describe('nameTemplateProblem', () => {
  test.each([
    DEFAULT_SEVERAL_NAME,
    '{name}.{ext}',
    '{dir}/{format}/{name}-{width}x{height}.{ext}',
    'static/{hash}/{name}.{ext}',
    'plain.jpg',
    'a b/ünï-{width}.{ext}',
  ])('%s is good', (template) => {
    expect(nameTemplateProblem(template)).toBeUndefined();
  });

  test.each<{ why: string; template: string; says: RegExp }>([
    { why: 'empty', template: '', says: /empty/ },
    { why: 'blank', template: '   ', says: /empty/ },
    { why: 'absolute', template: '/srv/{name}.{ext}', says: /absolute/ },
    { why: '.. folder', template: '../{name}.{ext}', says: /\.\./ },
    { why: '.. in the middle', template: '{dir}/../{name}.{ext}', says: /\.\./ },
    { why: '. folder', template: './{name}.{ext}', says: /\. or \.\. folder/ },
    { why: 'backslash', template: '{dir}\\{name}.{ext}', says: /\\/ },
    { why: 'unknown token', template: '{name}-{size}.{ext}', says: /\{size\} is not a token/ },
    { why: 'upper-case token', template: '{Name}.{ext}', says: /\{Name\} is not a token/ },
    { why: 'empty braces', template: '{name}{}.{ext}', says: /\{\} is not a token/ },
    { why: 'unbalanced {', template: '{name.{ext}', says: /\{ or \}/ },
    { why: 'unbalanced }', template: 'name}.{ext}', says: /\{ or \}/ },
    { why: 'lone {', template: '{name}-{.{ext}', says: /\{ or \}/ },
    { why: 'trailing /', template: '{dir}/{name}/', says: /ends with \// },
    { why: 'NUL', template: '{name}\0.{ext}', says: /NUL/ },
  ])('$why: $template is refused, with a message naming the problem', ({ template, says }) => {
    const problem = nameTemplateProblem(template);
    expect(problem).toEqual(expect.any(String));
    expect(problem).toMatch(says);
  });
});

describe('tokensOf', () => {
  test.each<{ template: string; tokens: NameToken[] }>([
    { template: 'plain.jpg', tokens: [] },
    { template: DEFAULT_SEVERAL_NAME, tokens: ['dir', 'ext', 'name', 'width'] },
    { template: '{hash}/{name}-{width}x{height}.{format}', tokens: ['format', 'hash', 'height', 'name', 'width'] },
    { template: '{width}-{width}.{ext}', tokens: ['ext', 'width'] },
    { template: '{size}-{name}.{ext}', tokens: ['ext', 'name'] },
  ])('$template uses $tokens', ({ template, tokens }) => {
    expect([...tokensOf(template)].sort()).toEqual(tokens);
  });
});
