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
  maxWorkers: 2,
};
