// The ceiling of every HTTP figure: a bare Nest route on the HTTP adapter HTTP_ADAPTER names
// (express | fastify), in a process of its own, answering a small JSON body. Run by bench/run.mjs;
// not part of the product.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

class CeilingController {
  get() {
    return { id: '00000000-0000-4000-8000-000000000000', name: 'ceiling', currentCount: 0 };
  }
}
Controller('ceiling')(CeilingController);
const descriptor = Object.getOwnPropertyDescriptor(CeilingController.prototype, 'get');
Get()(CeilingController.prototype, 'get', descriptor);
Object.defineProperty(CeilingController.prototype, 'get', descriptor);

class CeilingModule {}
Module({ controllers: [CeilingController] })(CeilingModule);

const adapter = process.env.HTTP_ADAPTER ?? 'express';
let app;
if (adapter === 'fastify') {
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  app = await NestFactory.create(CeilingModule, new FastifyAdapter(), { logger: false });
} else {
  app = await NestFactory.create(CeilingModule, { logger: false });
  app.getHttpAdapter().getInstance().set('etag', false);
}
await app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
