/** The browser tests: Swagger UI in Debian's Chromium through playwright-core (npm run test:browser). */
import base from './jest.config.js';

export default {
  ...base,
  maxWorkers: 1,
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser-spec.ts'],
  testTimeout: 60000,
};
