import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { APP_OPTIONS, configureApp, createHttpAdapter } from './app.setup.js';
import { loadConfig } from './core/index.js';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule.register(config), createHttpAdapter(config), APP_OPTIONS);
  configureApp(app, config);
  // Every interface, as Express listened by default (Fastify's own default is localhost only).
  await app.listen(config.port, '0.0.0.0');
  // A graceful stop that hangs (a request or a batch that never ends) must not keep the process
  // alive forever: past the deadline it exits 1, and says so.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        new Logger('Shutdown').error(`Graceful shutdown did not finish within ${SHUTDOWN_DEADLINE_MS} ms`);
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
    });
  }
}

const SHUTDOWN_DEADLINE_MS = 30_000;

void bootstrap();
