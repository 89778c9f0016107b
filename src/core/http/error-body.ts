/** The reason phrases and fallback codes of the statuses this application answers, and the v2 body. */
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

export function bodyOf(
  status: number,
  message: string,
  code: string,
  extra: Record<string, unknown> = {},
): ErrorBody {
  return { ...extra, statusCode: status, error: reasonOf(status), message, code };
}
