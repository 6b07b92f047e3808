// ESLint 9 flat config: typescript-eslint's type-checked rules over src/ and test/ (types from
// tsconfig.json), the recommended JS rules over the CommonJS scripts, and the project's own limits
// (STYLE.md: no `any`, small files, small functions). Formatting is Prettier's job
// (eslint-config-prettier turns off the rules that would disagree with it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'bench/.peers/', 'bench/.peers-eleventy/', 'bench/.corpus/', 'bench/.out/', 'fixtures/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // STYLE.md: no `any` (strict-type-checked has it already; stated so that no later preset drops it).
      '@typescript-eslint/no-explicit-any': 'error',
      // Counts, sizes, milliseconds and exit codes go into messages all the time (`${n} files`);
      // String(n) at each of the 68 places would add noise and no safety. Objects, `undefined`
      // and `unknown` in a template are still errors.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // One-line callbacks (`() => resolve()`, `(fd) => fs.closeSync(fd)`) are the code's style, and
      // braces would turn each into three lines under Prettier. Void in any other place is still an error.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Passing on a caught `unknown` (`catch (error: unknown) { return Promise.reject(error); }`) is
      // a rethrow, which `only-throw-error` allows too; rejecting with a new non-Error is still an error.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // `const { source: _ignored, ...rest } = f` drops a field; a leading underscore marks a binding
      // kept only for its position, as tsconfig's noUnusedParameters already allows.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Jest's asymmetric matchers (`expect.any(Number)`, `expect.stringMatching(...)`) are typed
      // as returning `any` by @types/jest, so every `toEqual({ width: expect.any(Number) })` trips this.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // No-op stubs and listeners (`() => {}`, `async close() {}`) are what a test double is.
      '@typescript-eslint/no-empty-function': 'off',
      // A double of an async interface (`run: async (job) => result`) is async whether or not it awaits.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The bin, benchmarks, scripts and config files are plain CommonJS for Node, outside tsconfig.json:
    // they get the recommended rules without type information.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 250, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  prettier,
);
