/**
 * Browser tests of the console (playwright-core driving Debian's Chromium) against the real app
 * as `npm start` serves it: the built API serving the built console, on a fresh database.
 * Build first (`npm run build`; `npm test` does). Without /usr/bin/chromium the suite fails (outside CI,
 * SKIP_BROWSER_TESTS=1 skips it explicitly).
 */
export default {
  displayName: 'e2e',
  preset: '../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  globalSetup: '<rootDir>/support/global-setup.cjs',
  globalTeardown: '<rootDir>/support/global-teardown.cjs',
  testTimeout: 120000,
};
