import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { APP_OPTIONS, configureApp, createHttpAdapter } from './app.setup.js';
import { ConfigError, loadConfig } from './core/index.js';
import { startupLine } from './core/config/startup-line.js';
import { startTracing } from './operations/index.js';
import { AppLogger, stdoutDestination } from './operations/index.js';

/** The JSON logger, once the configuration (LOG_LEVEL) is known. */
let logger: AppLogger | undefined;

async function bootstrap(): Promise<void> {
  // Before the application exists, so that its HTTP server and pg client are instrumented.
  await startTracing();
  const config = loadConfig();
  // The JSON logger from the first line: nothing is held back until the application is up, so an
  // operator sees each start-up step (and each attempt to reach a database) as it happens.
  logger = new AppLogger(config, stdoutDestination());
  const app = await NestFactory.create(AppModule.register(config), createHttpAdapter(config), {
    ...APP_OPTIONS,
    bufferLogs: false,
    logger,
    abortOnError: false,
  });
  configureApp(app, config);
  // Every interface, as Express listened by default (Fastify's own default is localhost only).
  await app.listen(config.port, '0.0.0.0').catch((error: NodeJS.ErrnoException) => {
    // The port is a setting too: taken or forbidden, say so in one line.
    if (error.code === 'EADDRINUSE')
      throw new ConfigError(`PORT=${config.port} is in use by another process`);
    if (error.code === 'EACCES') throw new ConfigError(`PORT=${config.port} may not be opened by this user`);
    throw error;
  });
  const { port } = app.getHttpServer().address() as AddressInfo;
  new Logger('Main').log(startupLine(config, port));
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

bootstrap().catch((error: unknown) => {
  // A configuration error is the operator's to fix: one line on stderr, no stack trace.
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  // Anything else (a store that cannot be opened, a read-only DATA_DIR) as JSON like every other line.
  if (!logger) throw error;
  logger.fatal(error instanceof Error ? error : String(error), 'Startup');
  logger.fatal('The server did not start', 'Startup');
  process.exit(1);
});
