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
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface HttpError {
  readonly status: number;
  readonly body: { statusCode: number; error: string; message: string | string[]; [extra: string]: unknown };
  readonly headers: Record<string, string>;
  /** False for what the server got wrong (a 500): that one is logged. */
  readonly expected: boolean;
}

/**
 * Errors of reading a request body carry a status: body-parser's (Express) and ours (BodyRefusedError)
 * a `status` and a type, Fastify's reading of the body (a client that went away midway) a `statusCode`.
 */
interface ParserError {
  status: number;
  type?: string;
  message: string;
}

function parserError(error: unknown): ParserError | undefined {
  // Not `instanceof Error`: Node's own errors (ECONNRESET) may come from another realm (Jest's VM).
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode, type, message } = error as Record<string, unknown>;
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code >= 500 || typeof message !== 'string') return undefined;
  return { status: code, type: typeof type === 'string' ? type : undefined, message };
}

/**
 * The one place that turns an error into an HTTP answer: domain errors by category, Nest's HTTP
 * exceptions as they are, body-parser errors by their status, and anything else as a 500.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof DomainError) {
    const status = STATUS_BY_CATEGORY[error.category];
    const headers: Record<string, string> = {};
    const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (status === HttpStatus.SERVICE_UNAVAILABLE && retryAfter) headers['Retry-After'] = String(retryAfter);
    return {
      status,
      body: {
        statusCode: status,
        error: REASON[status],
        message: error.message,
        code: error.code,
        ...error.details,
      },
      headers,
      expected: true,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const body =
      typeof response === 'object'
        ? { statusCode: status, error: REASON[status] ?? error.name, message: error.message, ...response }
        : { statusCode: status, error: REASON[status] ?? error.name, message: response };
    // 503 is an answer we chose (a store or a view is unavailable), not a bug to log with its stack.
    const expected = status < 500 || status === HttpStatus.SERVICE_UNAVAILABLE;
    return { status, body: body as HttpError['body'], headers: {}, expected };
  }
  const parsing = parserError(error);
  if (parsing) {
    const message =
      parsing.type === 'entity.parse.failed'
        ? 'Malformed JSON in the request body'
        : parsing.type === 'entity.too.large'
          ? 'The request body is larger than the limit'
          : parsing.message;
    return {
      status: parsing.status,
      body: { statusCode: parsing.status, error: REASON[parsing.status] ?? 'Bad Request', message },
      headers: {},
      expected: true,
    };
  }
  return {
    status: 500,
    body: { statusCode: 500, error: REASON[500], message: 'Internal server error' },
    headers: {},
    expected: false,
  };
}
