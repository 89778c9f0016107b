import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';
import { APP_OPTIONS, configureApp } from '../../src/app.setup.js';
import { type AppConfig, loadConfig } from '../../src/core/index.js';
import { LOG_DESTINATION } from '../../src/operations/index.js';
import { Api } from './api.js';

export interface TestApp {
  readonly app: INestApplication;
  readonly config: AppConfig;
  /** Closes the application (and, unless kept, removes its data folder). */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * The production application (AppModule + configureApp, real migrations on real SQLite files) on a
 * fresh temporary DATA_DIR, or on `dataDir` to restart on the data of an earlier one. `imports` adds
 * test-only modules (a fault test's own projection, say) beside the application's.
 */
export async function createTestApp(
  overrides: Partial<AppConfig> & {
    env?: NodeJS.ProcessEnv;
    /** Receives the JSON log lines instead of stdout. */
    logTo?: { write(line: string): void };
    /** Test-only modules added beside the application. */
    imports?: Array<Type | DynamicModule>;
  } = {},
): Promise<TestApp> {
  const { env = {}, logTo, imports = [], ...fields } = overrides;
  const dataDir = fields.dataDir ?? mkdtempSync(join(tmpdir(), 'cqrs-test-'));
  const config: AppConfig = {
    ...loadConfig({ LOG_LEVEL: 'error', ...env }),
    sqliteSynchronous: 'NORMAL',
    ...fields,
    dataDir,
  };
  const builder = Test.createTestingModule({ imports: [AppModule.register(config), ...imports] }).setLogger(
    false as never,
  );
  if (logTo) builder.overrideProvider(LOG_DESTINATION).useValue(logTo);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication(APP_OPTIONS);
  configureApp(app, config);
  await app.init();
  return {
    app,
    config,
    async close({ keepData = false } = {}) {
      await app.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
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
