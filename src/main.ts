import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { pino } from 'pino';
import { AppModule } from './app.module.js';
import { APP_OPTIONS, configureApp } from './app.setup.js';
import { type AppConfig, loadConfig } from './core/index.js';
import { AppLogger, stdoutDestination } from './operations/index.js';

async function bootstrap(config: AppConfig, logger: AppLogger): Promise<void> {
  // The JSON logger from the first line: nothing is held back until the application is up, so an
  // operator sees each start-up step (and each attempt to reach a database) as it happens.
  const app = await NestFactory.create(AppModule.register(config), {
    ...APP_OPTIONS,
    bufferLogs: false,
    logger,
    abortOnError: false,
  });
  configureApp(app, config);
  await app.listen(config.port);
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

let config: AppConfig;
try {
  config = loadConfig();
} catch (error) {
  // Not even LOG_LEVEL is known: one JSON line at fatal, like every other line the server writes.
  pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, stdoutDestination()).fatal(
    { err: error },
    `Invalid configuration: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
const logger = new AppLogger(config, stdoutDestination());
bootstrap(config, logger).catch((error: unknown) => {
  logger.fatal(error instanceof Error ? error : String(error), 'Startup');
  logger.fatal('The server did not start', 'Startup');
  process.exit(1);
});
