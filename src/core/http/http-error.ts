import { HttpException, HttpStatus } from '@nestjs/common';
import { asStoreUnavailable } from '../database/store-faults.js';
import { DomainError, type DomainErrorCategory } from '../domain/domain-error.js';
import { adapterErrorOf, fromAdapterError } from './adapter-errors.js';
import { bodyOf, codeOf, type HttpError } from './error-body.js';

export { codeOf, type ErrorBody, type HttpError, reasonOf } from './error-body.js';

const STATUS_BY_CATEGORY: Record<DomainErrorCategory, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  'in-flight': HttpStatus.CONFLICT,
  'rule-violation': HttpStatus.UNPROCESSABLE_ENTITY,
  'idempotency-mismatch': HttpStatus.UNPROCESSABLE_ENTITY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** One string out of whatever an HTTP exception or a parser put in `message`. */
function oneMessage(message: unknown, fallback: string): string {
  if (typeof message === 'string' && message.length > 0) return message;
  if (Array.isArray(message) && message.length > 0) return message.map(String).join('; ');
  return fallback;
}

/** Nest's HTTP exceptions (guards, pipes, unknown routes): normalised to the v2 body. */
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
export function toHttpError(thrown: unknown): HttpError {
  // A driver's error that says the store is down, full or read-only is the core's StoreUnavailableError
  // (503, Retry-After), wherever it was thrown: a command, a query, an operations route.
  const error = thrown instanceof DomainError ? thrown : (asStoreUnavailable(thrown) ?? thrown);
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
