/**
 * Unit specs (*.spec.ts) and integration specs (*.integration-spec.ts) of the API.
 * Integration specs run against real PostgreSQL: the global setup starts an embedded server
 * when DATABASE_URL is not set; every spec file creates and drops its own database.
 */
export default {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.integration-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  globalSetup: '<rootDir>/../../tools/testing/pg-global-setup.cjs',
  globalTeardown: '<rootDir>/../../tools/testing/pg-global-teardown.cjs',
  testTimeout: 60000,
  coverageDirectory: '../../coverage/apps/api',
};
