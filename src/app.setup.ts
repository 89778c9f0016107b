import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonBodyGuard } from './core/http/json-body.guard.js';
import { requestValidationPipe } from './core/http/request-validation.js';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from './core/index.js';
import { AppLogger, HttpMetricsMiddleware, RequestLoggingMiddleware } from './operations/index.js';
import { acceptJsonBodiesOnly } from './server/json-body.js';
import { answerNotModified } from './server/not-modified.js';
import { addRequestHooks } from './server/request-hooks.js';
import { addSecurityHeaders } from './server/security-headers.js';

export { createHttpAdapter } from './server/fastify-adapter.js';

/**
 * Options for NestFactory.create / createNestApplication, beside the adapter of createHttpAdapter:
 * we register the body parser ourselves, and hold logs until configureApp has installed the JSON
 * logger.
 */
export const APP_OPTIONS = { bodyParser: false, bufferLogs: true } as const;

/**
 * Everything about the HTTP application that is not a module: the JSON logger, HTTP metrics,
 * security headers, CORS, body parsing and its limit, strict validation, the command context of each
 * request, conditional GETs, Swagger, shutdown hooks. main.ts and the tests both call it, on the
 * Fastify adapter of createHttpAdapter, so tests run the production set-up.
 */
export function configureApp(app: INestApplication, config: AppConfig): INestApplication {
  const fastifyApp = app as NestFastifyApplication;
  const fastify = fastifyApp.getHttpAdapter().getInstance();
  app.useLogger(app.get(AppLogger));
  addRequestHooks(fastify, app.get(HttpMetricsMiddleware), app.get(RequestLoggingMiddleware));
  // Helmet's defaults, minus upgrade-insecure-requests: the server speaks plain HTTP (TLS ends at a
  // proxy, if any), and the Swagger UI's assets must load over it.
  addSecurityHeaders(fastify, { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  // Off unless CORS_ORIGINS names the origins a browser may call from.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins],
      exposedHeaders: ['ETag', 'X-Read-Position', 'X-Correlation-Id', 'X-Request-Id', 'Retry-After'],
    });
  }
  acceptJsonBodiesOnly(fastify);
  answerNotModified(fastify);
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
