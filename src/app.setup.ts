import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { refuseDeepJson } from './core/http/json-depth.js';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from './core/index.js';
import { commandContextMiddleware } from './core/context/command-context.middleware.js';

/** Options for NestFactory.create / createNestApplication: we register the body parser ourselves. */
export const APP_OPTIONS = { bodyParser: false } as const;

/**
 * Everything about the HTTP application that is not a module: body parsing and its limit, strict
 * validation, the command context of each request, Swagger, shutdown hooks. main.ts and the tests
 * both call it, so tests run the production set-up.
 */
export function configureApp(app: INestApplication, config: AppConfig): INestApplication {
  const express = app as NestExpressApplication;
  express.set('etag', false);
  express.set('x-powered-by', false);
  express.useBodyParser('json', { limit: config.bodyLimitBytes, strict: true, verify: refuseDeepJson() });
  app.use(commandContextMiddleware);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
    }),
  );
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('NestJS CQRS')
      .setDescription(
        'Commands (POST) answer { id, version, position }; pass position as ?minPosition= to a query to read your own write.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  // SIGTERM: stop taking requests, finish those in flight, stop the projections after their batch
  // (checkpoints saved), close the stores, then exit 0 rather than re-raise the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return app;
}
