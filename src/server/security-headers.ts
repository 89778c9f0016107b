import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers on every answer, worked out once.
 *
 * `@fastify/helmet` builds helmet's middleware again for every request (options parsed, the content
 * security policy written out, thirteen middlewares chained): about a tenth of the CPU of a detail
 * read. Without per-request functions in the options (CSP nonces), helmet's headers depend on the
 * options alone, so helmet runs here once, against a response that records what it sets, and each
 * request gets the recorded headers from one hook. Routes and handlers can still override a header.
 */
export function addSecurityHeaders(fastify: FastifyInstance, options: HelmetOptions): void {
  const headers = helmetHeaders(options);
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** The headers helmet sets with `options`, by lower-case name. */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const csp = options.contentSecurityPolicy;
  const directives = typeof csp === 'object' ? Object.values(csp.directives ?? {}) : [];
  const perRequest = (value: unknown) =>
    typeof value === 'function' ||
    (typeof value === 'object' && value !== null && [...(value as Iterable<unknown>)].some(perRequest));
  if (directives.some(perRequest))
    throw new Error('security headers are worked out once: a CSP directive cannot be a per-request function');
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  // helmet is synchronous, and since 8.1 throws a bad option rather than passing it to `next`.
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}
