import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AppConfig } from '../core/index.js';

/**
 * The application's HTTP server: Nest's Fastify adapter, with the limits a public server needs.
 * Fastify's own logger stays off: the request log line is ours (operations/logging), one per request.
 */
export function createHttpAdapter(config: AppConfig): FastifyAdapter {
  // Node refuses a headers timeout longer than the whole request's.
  const headersTimeout = Math.min(config.httpHeadersTimeoutMs, config.httpRequestTimeoutMs);
  return new FastifyAdapter({
    logger: false,
    bodyLimit: config.bodyLimitBytes,
    // A body with a `__proto__` key, or `constructor.prototype`, is refused (400) while parsing,
    // before any object is built from it (secure-json-parse).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Slow clients: Node answers 408 and closes a connection whose headers, or whole request, take
    // longer than these; it looks every `connectionsCheckingInterval` (30 s by default, too coarse).
    requestTimeout: config.httpRequestTimeoutMs,
    keepAliveTimeout: config.httpKeepAliveTimeoutMs,
    http: {
      headersTimeout,
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeout / 2))),
    },
    // Express's routing, which clients of this API had: /inventory-items/ and /Inventory-Items
    // reach the route, and a long path segment reaches its validation (400) instead of a 414.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 16 * 1024 },
  });
}
