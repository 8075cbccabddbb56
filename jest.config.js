/** Jest runs TypeScript through swc (no type check here: `npm test` runs `tsc --noEmit` first). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', transform: { react: { runtime: 'automatic' } } } }],
  },
  // Browser tests start Chromium and a sandbox server; give them room, keep unit tests strict.
  testTimeout: 20000,
  // One private MariaDB server for the run: the emulator's Forge SQL (emulator/sql/mariadb-server.ts).
  globalSetup: '<rootDir>/test/support/mariadb-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/mariadb-global-teardown.ts',
  maxWorkers: 2,
};
