import type { FastifyInstance } from 'fastify';
import { CommandContext, type CommandContextData } from '../core/index.js';
import { commandContextMiddleware } from '../core/context/command-context.middleware.js';
import type { HttpMetricsMiddleware, RequestLoggingMiddleware } from '../operations/index.js';

const CONTEXT = Symbol('commandContext');

interface ContextCarrier {
  [CONTEXT]?: CommandContextData;
}

/**
 * What every request gets on Fastify, as the middlewares give it on Express, but as Fastify hooks
 * (middie, Fastify's Express-middleware layer, would cost every request a second router): metrics by
 * route pattern, the request and correlation ids with their command context, the request log line.
 *
 * The context is opened when the request arrives, and entered again right before the handler: the
 * body is read on the socket's events, which do not carry it (body-parser binds its callback to it
 * on Express).
 */
export function addRequestHooks(
  fastify: FastifyInstance,
  metrics: HttpMetricsMiddleware,
  logging: RequestLoggingMiddleware,
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    metrics.observe(request.raw, reply.raw, () => request.routeOptions.url);
    commandContextMiddleware(request.raw, reply.raw, () => {
      (request.raw as ContextCarrier)[CONTEXT] = CommandContext.active();
      logging.use(request.raw, reply.raw, done);
    });
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const context = (request.raw as ContextCarrier)[CONTEXT];
    if (context === undefined || CommandContext.active() === context) return done();
    CommandContext.resume(context, done);
  });
}
