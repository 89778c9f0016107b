import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, type DomainErrorCategory } from '../domain/domain-error.js';

const STATUS_BY_CATEGORY: Record<DomainErrorCategory, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  'in-flight': HttpStatus.CONFLICT,
  'rule-violation': HttpStatus.UNPROCESSABLE_ENTITY,
  'idempotency-mismatch': HttpStatus.UNPROCESSABLE_ENTITY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  411: 'Length Required',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * The code of an error that carries none of its own (Nest's HTTP exceptions, the HTTP adapter's
 * errors), by status: stable, so that a client can branch on it like on a domain code.
 */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  411: 'LENGTH_REQUIRED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  431: 'HEADERS_TOO_LARGE',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

/** The v2 error body (CONTRACT "v2: errors"): every error answer has these four fields. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  /** One sentence, never an array. */
  message: string;
  /** UPPER_SNAKE_CASE, stable. */
  code: string;
  [extra: string]: unknown;
}

export interface HttpError {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Record<string, string>;
  /** False for what the server got wrong (a 500): that one is logged. */
  readonly expected: boolean;
}

/** The reason phrase of a status, as Nest puts it in `error`. */
export const reasonOf = (status: number) =>
  REASON[status] ?? (status < 500 ? 'Bad Request' : 'Internal Server Error');
/** The code of an error that has none of its own. */
export const codeOf = (status: number) =>
  CODE_BY_STATUS[status] ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL_ERROR');

function bodyOf(
  status: number,
  message: string,
  code: string,
  extra: Record<string, unknown> = {},
): ErrorBody {
  return { ...extra, statusCode: status, error: reasonOf(status), message, code };
}

/** One string out of whatever an HTTP exception or a parser put in `message`. */
function oneMessage(message: unknown, fallback: string): string {
  if (typeof message === 'string' && message.length > 0) return message;
  if (Array.isArray(message) && message.length > 0) return message.map(String).join('; ');
  return fallback;
}

/**
 * What the HTTP adapter's body parsing throws before a route runs: body-parser's errors (Express)
 * carry `status` and `type`, Fastify's carry `statusCode` and a `FST_ERR_*` code.
 */
interface AdapterError {
  readonly status: number;
  readonly type?: string;
  readonly code?: string;
  readonly message: string;
}

function adapterErrorOf(error: unknown): AdapterError | undefined {
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

function fromAdapterError(error: AdapterError, original: unknown): HttpError {
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

/** Nest's HTTP exceptions (guards, pipes, unknown routes, a replayed refusal): normalised to the v2 body. */
function fromHttpException(error: HttpException): HttpError {
  const status = error.getStatus();
  const response = error.getResponse();
  const fields: Record<string, unknown> =
    typeof response === 'object' && response !== null ? { ...response } : {};
  const message = oneMessage(typeof response === 'string' ? response : fields.message, error.message);
  const code = typeof fields.code === 'string' ? fields.code : codeOf(status);
  // Nest puts its reason in `error`; a health check puts an object there: the reason is ours to say.
  delete fields.error;
  delete fields.message;
  delete fields.statusCode;
  // 503 is an answer we chose (a store or a view is unavailable), not a bug to log with its stack.
  const expected = status < 500 || status === HttpStatus.SERVICE_UNAVAILABLE;
  return { status, body: bodyOf(status, message, code, fields), headers: {}, expected };
}

/**
 * The one place that turns an error into an HTTP answer, always in the v2 shape
 * `{ statusCode, error, message, code, ...details }`: domain errors by category, Nest's HTTP
 * exceptions by their status, the adapter's body-parsing errors by their kind, anything else a 500.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof DomainError) {
    const status = STATUS_BY_CATEGORY[error.category];
    const headers: Record<string, string> = {};
    const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (status === HttpStatus.SERVICE_UNAVAILABLE && retryAfter) headers['Retry-After'] = String(retryAfter);
    return {
      status,
      body: bodyOf(status, error.message, error.code, error.details),
      headers,
      expected: true,
    };
  }
  if (error instanceof HttpException) {
    // Nest's Express adapter wraps body-parser's errors in an HttpException; the cause says which.
    const cause = adapterErrorOf(error.cause);
    return cause ? fromAdapterError(cause, error.cause) : fromHttpException(error);
  }
  const adapterError = adapterErrorOf(error);
  if (adapterError) return fromAdapterError(adapterError, error);
  return {
    status: 500,
    body: bodyOf(500, 'Internal server error', 'INTERNAL_ERROR'),
    headers: {},
    expected: false,
  };
}
