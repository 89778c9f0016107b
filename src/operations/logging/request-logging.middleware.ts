import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { type HttpLogger, pinoHttp } from 'pino-http';
import { AppLogger } from './app-logger.js';
import { requestScope } from './request-scope.js';

const PROBES = /^\/(health|metrics)(\?|$)/;

const correlationOf = (response: ServerResponse) => response.getHeader('x-correlation-id');

/**
 * One JSON line per HTTP request when it completes (method, path, status, duration), under a fresh
 * request id that is also answered as `X-Request-Id`; runs after the command context, so the line
 * carries the request's correlation id too.
 */
@Injectable()
export class RequestLoggingMiddleware {
  private readonly http: HttpLogger;

  constructor(logger: AppLogger) {
    this.http = pinoHttp({
      logger: logger.pino,
      genReqId: (_request, response) => {
        const id = randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (request, response) => {
        const status = response.statusCode;
        if (status >= 500) return status === 503 ? 'warn' : 'error';
        // Probes and scrapes every few seconds would drown the rest at info level.
        return status < 400 && PROBES.test(request.url ?? '') ? 'debug' : 'info';
      },
      customSuccessObject: (_request, response, fields: object) => ({
        ...fields,
        correlationId: correlationOf(response),
      }),
      customErrorObject: (_request, response, _error, fields: object) => ({
        ...fields,
        correlationId: correlationOf(response),
      }),
      serializers: {
        req: (request: { id: unknown; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: request.url,
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
    });
  }

  readonly use = (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    this.http(request, response);
    requestScope.run(String(request.id), next);
  };
}
