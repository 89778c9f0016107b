/**
 * The deepest nesting of arrays and objects a JSON body may have. Our bodies need three levels; the
 * request validators (class-transformer) recurse into every level, so a body nested some thousands
 * deep would overflow the stack and answer 500 instead of 400.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * A request body refused before it reaches a route, shaped like body-parser's own errors (a status
 * and a type), so that the one filter answers it the same on either HTTP adapter.
 */
export class BodyRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** The field at fault, where there is one (a forbidden key). */
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Refuses a body nested deeper than `maxDepth` before it is parsed: body-parser's `verify` hook on
 * Express, called by the JSON parser on Fastify.
 * It scans the raw bytes once, skipping strings; exact for UTF-8, JSON's one interoperable encoding.
 */
export function refuseDeepJson(maxDepth = MAX_JSON_DEPTH) {
  return (_request: unknown, _response: unknown, body: Buffer): void => {
    let depth = 0;
    let inString = false;
    for (let index = 0; index < body.length; index++) {
      const byte = body[index];
      if (inString) {
        if (byte === BACKSLASH) index++;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) {
        inString = true;
      } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        if (++depth > maxDepth)
          throw new BodyRefusedError(
            400,
            'entity.too.deep',
            `The JSON body is nested deeper than ${maxDepth} levels`,
          );
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        depth--;
      }
    }
  };
}
