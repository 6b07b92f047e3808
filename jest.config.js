/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (tsconfig's isolatedModules): `npm run typecheck` (lint, CI) type-checks src/ and test/.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
  // Image work is CPU-bound: two workers on a two-core machine, each test file spawns its own pools.
  maxWorkers: 2,
  // Rebuilds dist/ when a src/ file is newer: the pool and child tests run the compiled worker.
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/jest.setup.ts'],
};
