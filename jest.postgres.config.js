/**
 * `npm run test:postgres`: the whole end-to-end suite and the PostgreSQL-only suites on a fresh
 * PostgreSQL database created for the run and dropped after it (test/postgres/support).
 */
import base from './jest.config.js';

export default {
  ...base,
  maxWorkers: 1,
  testMatch: [
    '<rootDir>/test/e2e/**/*.e2e-spec.ts',
    '<rootDir>/test/postgres/**/*.pg-spec.ts',
    '<rootDir>/test/faults/crash-durability.fault-spec.ts',
    '<rootDir>/test/faults/concurrent-writers.fault-spec.ts',
  ],
  globalSetup: '<rootDir>/test/postgres/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/postgres/support/global-teardown.mjs',
  testTimeout: 120000,
};
