/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only, with swc: `npm run typecheck` (lint, CI) type-checks src/ and test/. ts-jest
  // (transpileModule) loaded TypeScript in every worker and cost 24 s of CPU for the unit tests
  // with a cold cache (every fresh clone, as CI has) against 11.5 s with a warm one.
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  testTimeout: 60000,
  // Three workers on a two-core machine: a third of the suite's time is spent waiting (stopped
  // process groups, --timeout limits, interrupt grace periods, a browser loading), not computing.
  // Measured on the whole suite, one run each: 103 s with two workers, 89 s with three.
  maxWorkers: 3,
  // Rebuilds dist/ when a src/ file is newer: the pool and child tests run the compiled worker.
  // Suites that start processes first when there are no timings yet (test/sequencer.js).
  testSequencer: '<rootDir>/test/sequencer.js',
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/jest.setup.ts'],
};
