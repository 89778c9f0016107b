import type { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { BodyRefusedError, refuseDeepJson } from '../core/http/json-depth.js';

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;

/**
 * The one body this API reads: JSON, in UTF-8, not encoded, at most BODY_LIMIT_BYTES (Fastify's
 * bodyLimit: 413), nested at most MAX_JSON_DEPTH levels, an object or an array at the top (as
 * body-parser's strict mode had it), and without a `__proto__` or `constructor.prototype` key. Any
 * other media type (form-encoded, text/plain, ...) answers 415: Fastify's own text/plain parser is
 * removed. An empty body is an empty object, as on Express, so a command without fields needs none.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const tooDeep = refuseDeepJson();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: string | Buffer, done: (error: Error | null, body?: unknown) => void) => {
      try {
        done(null, parse(request, body as Buffer, tooDeep));
      } catch (error) {
        done(error as Error);
      }
    },
  );
}

function parse(
  request: FastifyRequest,
  body: Buffer,
  tooDeep: (...args: [unknown, unknown, Buffer]) => void,
) {
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    throw new BodyRefusedError(
      415,
      'encoding.unsupported',
      `Content-Encoding "${encoding}" is not supported`,
    );
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(request.headers['content-type'] ?? '')?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new BodyRefusedError(415, 'charset.unsupported', `Unsupported charset "${charset.toUpperCase()}"`);
  }
  if (body.length === 0) return {};
  let first = 0;
  while (first < body.length && SPACE.has(body[first])) first++;
  if (body[first] !== OPEN_OBJECT && body[first] !== OPEN_ARRAY) throw malformed();
  tooDeep(undefined, undefined, body);
  const text = body.toString('utf8');
  let value: unknown;
  try {
    value = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    if (/prototype property/.test((error as Error).message)) throw forbiddenKey('__proto__');
    throw malformed();
  }
  // The validators let a `constructor` key through (every object has one, inherited); refused here
  // like `__proto__`. Only walked when the text may spell it (a \u escape may hide it).
  if ((text.includes('constructor') || text.includes('\\u')) && hasConstructorKey(value)) {
    throw forbiddenKey('constructor');
  }
  return value;
}

function hasConstructorKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (!Array.isArray(value) && Object.hasOwn(value, 'constructor')) return true;
  return Object.values(value).some(hasConstructorKey);
}

function forbiddenKey(key: string): BodyRefusedError {
  return new BodyRefusedError(400, 'entity.forbidden.key', `${key} is not a known field`, key);
}

function malformed(): BodyRefusedError {
  return new BodyRefusedError(400, 'entity.parse.failed', 'Malformed JSON in the request body');
}
