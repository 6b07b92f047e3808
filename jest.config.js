/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: `npm run typecheck` (part of lint and CI) type-checks src/ and test/ once.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] },
  testTimeout: 60000,
  // Image work is CPU-bound: two workers on a two-core machine, each test file spawns its own pools.
  maxWorkers: 2,
  // Rebuilds dist/ when a src/ file is newer: the pool and child tests run the compiled worker.
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/jest.setup.ts'],
};
