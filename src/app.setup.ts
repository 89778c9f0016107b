import type { INestApplication } from '@nestjs/common';
import { JsonBodyGuard } from './core/http/json-body.guard.js';
import { refuseDeepJson } from './core/http/json-depth.js';
import { requestValidationPipe } from './core/http/request-validation.js';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { AppConfig } from './core/index.js';
import { commandContextMiddleware } from './core/context/command-context.middleware.js';
import { AppLogger, HttpMetricsMiddleware, RequestLoggingMiddleware } from './operations/index.js';

/**
 * Options for NestFactory.create / createNestApplication: we register the body parser ourselves, and
 * hold logs until configureApp has installed the JSON logger.
 */
export const APP_OPTIONS = { bodyParser: false, bufferLogs: true } as const;

/**
 * Everything about the HTTP application that is not a module: the JSON logger, HTTP metrics,
 * security headers, CORS, body parsing and its limit, strict validation, the command context of each
 * request, Swagger, shutdown hooks. main.ts and the tests both call it, so tests run the production
 * set-up.
 */
export function configureApp(app: INestApplication, config: AppConfig): INestApplication {
  const express = app as NestExpressApplication;
  app.useLogger(app.get(AppLogger));
  express.set('etag', false);
  express.set('x-powered-by', false);
  app.use(app.get(HttpMetricsMiddleware).use);
  // Helmet's defaults, minus upgrade-insecure-requests: the server speaks plain HTTP (TLS ends at a
  // proxy, if any), and the Swagger UI's assets must load over it.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // Off unless CORS_ORIGINS names the origins a browser may call from.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins],
      exposedHeaders: ['ETag', 'X-Read-Position', 'X-Correlation-Id', 'X-Request-Id', 'Retry-After'],
    });
  }
  app.use(commandContextMiddleware);
  app.use(app.get(RequestLoggingMiddleware).use);
  express.useBodyParser('json', { limit: config.bodyLimitBytes, strict: true, verify: refuseDeepJson() });
  app.useGlobalGuards(new JsonBodyGuard());
  app.useGlobalPipes(requestValidationPipe());
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
