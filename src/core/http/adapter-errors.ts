import { bodyOf, codeOf, type ErrorBody, type HttpError, reasonOf } from './error-body.js';

/**
 * What the HTTP adapter's body parsing throws before a route runs: body-parser's errors (Express)
 * carry `status` and `type`, Fastify's carry `statusCode` and a `FST_ERR_*` code.
 */
export interface AdapterError {
  readonly status: number;
  readonly type?: string;
  readonly code?: string;
  readonly message: string;
}

export function adapterErrorOf(error: unknown): AdapterError | undefined {
  // Not `instanceof Error`: Node's own errors (a client that went away mid-body: ECONNRESET, which
  // Fastify gives a 400) may come from another realm (Jest's VM).
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode, type, code, message } = error as Record<string, unknown>;
  const value = typeof status === 'number' ? status : statusCode;
  if (typeof value !== 'number' || value < 400 || value >= 500 || typeof message !== 'string')
    return undefined;
  return {
    status: value,
    type: typeof type === 'string' ? type : undefined,
    code: typeof code === 'string' ? code : undefined,
    message,
  };
}

/** Malformed JSON, from either adapter: body-parser's type, Fastify's code, or the JSON parser's own SyntaxError. */
function isMalformedJson(error: AdapterError, original: unknown): boolean {
  return (
    error.status === 400 &&
    (error.type === 'entity.parse.failed' ||
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      original instanceof SyntaxError)
  );
}

export function fromAdapterError(error: AdapterError, original: unknown): HttpError {
  const { status } = error;
  let body: ErrorBody;
  if (isMalformedJson(error, original)) {
    body = bodyOf(400, 'The request body is not a valid JSON object', 'MALFORMED_JSON');
  } else if (error.type === 'entity.forbidden.key') {
    // `__proto__` or `constructor`: refused like any unknown field.
    const field = (original as { field?: string }).field ?? 'body';
    const message = `${field} is not a known field`;
    body = bodyOf(400, message, 'VALIDATION_FAILED', { errors: [{ field, message }] });
  } else if (error.type === 'entity.too.deep') {
    body = bodyOf(400, error.message, 'JSON_TOO_DEEP');
  } else if (status === 413) {
    body = bodyOf(413, 'The request body is larger than the limit', 'PAYLOAD_TOO_LARGE');
  } else if (status === 415) {
    body = bodyOf(415, unsupportedMediaTypeMessage(error), 'UNSUPPORTED_MEDIA_TYPE');
  } else {
    body = bodyOf(status, error.message || reasonOf(status), codeOf(status));
  }
  return { status, body, headers: {}, expected: true };
}

function unsupportedMediaTypeMessage(error: AdapterError): string {
  if (error.type === 'encoding.unsupported')
    return 'The request body has a Content-Encoding this server does not accept';
  if (error.type === 'charset.unsupported') return 'The request body must be JSON in UTF-8';
  return 'The request body must be JSON (Content-Type: application/json)';
}
