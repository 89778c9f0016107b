import type { FastifyInstance } from 'fastify';

/**
 * Conditional GET: a `200` to a GET or HEAD that carries an `ETag` the client's `If-None-Match`
 * names becomes a `304` without a body, as Express answers on its own (its `req.fresh`).
 */
export function answerNotModified(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode !== 200 || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return done(null, payload);
    }
    const etag = reply.getHeader('etag');
    const ifNoneMatch = request.headers['if-none-match'];
    if (
      typeof etag !== 'string' ||
      ifNoneMatch === undefined ||
      asksForNoCache(request.headers['cache-control']) ||
      !matches(ifNoneMatch, etag)
    ) {
      return done(null, payload);
    }
    reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    done(null, null);
  });
}

/** A client that asks for no cache wants the whole answer (RFC 9111, as the `fresh` package). */
function asksForNoCache(cacheControl: string | undefined): boolean {
  return cacheControl !== undefined && /(?:^|,)\s*no-cache\s*(?:,|$)/.test(cacheControl);
}

/** `If-None-Match` compares weakly: `W/"3"` matches `"3"` (RFC 9110 13.1.2). */
function matches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const tag = stripWeak(etag);
  return ifNoneMatch.split(',').some((candidate) => stripWeak(candidate.trim()) === tag);
}

function stripWeak(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
