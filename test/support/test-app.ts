import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../../src/app.setup.js';
import { type AppConfig, loadConfig } from '../../src/core/index.js';
import { LOG_DESTINATION } from '../../src/operations/index.js';
import { Api } from './api.js';
import { postgresSchema, testDatabaseUrl } from './postgres-schema.js';

/**
 * Where a test app's log lines go when the test does not read them: nowhere. Many tests cause faults
 * on purpose, and their error lines would read like failures in the output; `TEST_LOGS=1` prints
 * them (to stdout, as in production) when a failing test needs them.
 */
const discardedLogs = { write: () => undefined };

export interface TestApp {
  readonly app: INestApplication;
  readonly config: AppConfig;
  /** Closes the application (and, unless kept, removes its data folder). */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * The production application (AppModule + configureApp, real migrations on real SQLite files) on a
 * fresh temporary DATA_DIR, or on `dataDir` to restart on the data of an earlier one. Under
 * `npm run test:postgres` both stores are a PostgreSQL schema of the app's own instead (see
 * postgres-schema.ts), found again from `dataDir` the same way. `imports` adds test-only modules
 * (a fault test's own projection, say) beside the application's.
 */
export async function createTestApp(
  overrides: Partial<AppConfig> & {
    env?: NodeJS.ProcessEnv;
    /** Receives the JSON log lines instead of stdout. */
    logTo?: { write(line: string): void };
    /** Test-only modules added beside the application. */
    imports?: Array<Type | DynamicModule>;
    /** Told every route the HTTP server registers (method and path pattern). */
    onRoute?: (method: string, path: string) => void;
  } = {},
): Promise<TestApp> {
  const { env = {}, logTo, imports = [], onRoute, ...fields } = overrides;
  const dataDir = fields.dataDir ?? mkdtempSync(join(tmpdir(), 'cqrs-test-'));
  const databaseUrl = testDatabaseUrl();
  const schema = databaseUrl ? await postgresSchema(databaseUrl, dataDir) : undefined;
  const stores = schema ? { DATABASE_URL: schema.url, READ_DATABASE_URL: schema.url } : {};
  const config: AppConfig = {
    ...loadConfig({ LOG_LEVEL: 'error', ...stores, ...env }),
    sqliteSynchronous: 'NORMAL',
    ...fields,
    dataDir,
  };
  const builder = Test.createTestingModule({ imports: [AppModule.register(config), ...imports] }).setLogger(
    false as never,
  );
  const logSink = logTo ?? (process.env.TEST_LOGS ? undefined : discardedLogs);
  if (logSink) builder.overrideProvider(LOG_DESTINATION).useValue(logSink);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(config), APP_OPTIONS);
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  if (onRoute) {
    fastify.addHook('onRoute', ({ method, url }) => {
      for (const one of [method].flat()) onRoute(one, url);
    });
  }
  configureApp(app, config);
  await app.init();
  // Fastify routes nothing before it is ready (listen() waits for it; supertest does not listen).
  await fastify.ready();
  return {
    app,
    config,
    async close({ keepData = false } = {}) {
      await app.close();
      if (keepData) return;
      rmSync(dataDir, { recursive: true, force: true });
      await schema?.drop();
    },
  };
}

/** One application for the whole spec file: `const ctx = useTestApp();` then `ctx.api` in tests. */
export function useTestApp(overrides: Parameters<typeof createTestApp>[0] = {}): {
  api: Api;
  testApp: TestApp;
} {
  const context = {} as { api: Api; testApp: TestApp };
  beforeAll(async () => {
    context.testApp = await createTestApp(overrides);
    context.api = new Api(context.testApp.app);
  });
  afterAll(() => context.testApp?.close());
  return context;
}
