// The plain CRUD baseline of `npm run bench`: the inventory routes as a team would write them
// without CQRS (NestJS + TypeORM, one table). Not part of the product; bench/run.mjs builds and runs it.
//   HTTP_ADAPTER express | fastify; PORT; DATABASE_URL (else SQLite in DATA_DIR); DATABASE_POOL_SIZE;
//   SQLITE_SYNCHRONOUS (FULL).
import 'reflect-metadata';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CrudModule } from './crud.module.js';

async function create(adapter: string): Promise<INestApplication> {
  if (adapter === 'fastify') {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    return NestFactory.create(CrudModule, new FastifyAdapter(), { logger: ['error', 'warn'] });
  }
  if (adapter !== 'express') throw new Error(`HTTP_ADAPTER must be express or fastify, got "${adapter}"`);
  const app = await NestFactory.create(CrudModule, { logger: ['error', 'warn'] });
  // The application sends its own ETag; Express would hash every body for one otherwise.
  (app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set('etag', false);
  return app;
}

const app = await create(process.env.HTTP_ADAPTER ?? 'express');
app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
app.enableShutdownHooks();
await app.listen(Number(process.env.PORT ?? 3998), '127.0.0.1');
