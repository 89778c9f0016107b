/** Unit specs live beside the code (*.spec.ts); end-to-end and fault specs under test/. */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.fault-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
    // @fastify/static (Swagger UI's assets on Fastify) require()s this ES module, which Node 20.19
    // allows but Jest's CommonJS loader only does on Node 24.9+: compiled to CommonJS for the tests.
    '/node_modules/content-disposition/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(?:@fastify/static/node_modules/)?content-disposition/)'],
  testTimeout: 30000,
  // Most suites wait on I/O (servers, child processes, timers) more than they compute: Jest's default
  // of one worker per core but one left idle gives a 2-core machine a single worker; two use both.
  // The PostgreSQL, NATS and browser suites keep one (their multi-process tests share one server and
  // its connection limit, or one Chromium).
  maxWorkers: 2,
  // A cache per checkout: copies of the project (the generator's test makes some) must not share one.
  cacheDirectory: '<rootDir>/.jest-cache',
};
