/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (tsconfig's isolatedModules): `npm run typecheck` (lint, CI) type-checks src/ and test/.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
  // Three workers on a two-core machine: a third of the suite's time is spent waiting (stopped
  // process groups, --timeout limits, interrupt grace periods, a browser loading), not computing.
  // Measured on the whole suite, one run each: 103 s with two workers, 89 s with three.
  maxWorkers: 3,
  // Rebuilds dist/ when a src/ file is newer: the pool and child tests run the compiled worker.
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/jest.setup.ts'],
};
