/**
 * `npm run test:nats`: the integration with other services against real nats-server processes that
 * the tests start themselves (test/nats/support/nats-server.ts), on free ports with their own stores.
 * `npm test` needs no NATS.
 */
import base from './jest.config.js';

export default {
  ...base,
  maxWorkers: 1,
  testMatch: ['<rootDir>/test/nats/**/*.nats-spec.ts'],
  testTimeout: 120000,
};
