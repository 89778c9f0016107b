import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { Level, Logger } from 'pino';
import { AppLogger } from './app-logger.js';

const PROBES = /^\/(health|metrics)(\?|$)/;

interface IdentifiedRequest extends IncomingMessage {
  id?: string;
}

/**
 * One JSON line per HTTP request when it completes (method, path, status, duration), carrying the
 * request id (answered as `X-Request-Id`) and correlation id that the command context middleware,
 * which runs first, gave the request. The line has pino-http's shape (`req`, `res`, `responseTime`,
 * "request completed"); written here because pino-http builds a child logger per request, serializers
 * included, even when the line is below the log level.
 */
@Injectable()
export class RequestLoggingMiddleware {
  private readonly pino: Logger;

  constructor(logger: AppLogger) {
    this.pino = logger.pino;
  }

  readonly use = (request: IdentifiedRequest, response: ServerResponse, next: () => void): void => {
    const started = Date.now();
    const done = (): void => {
      response.removeListener('close', done);
      response.removeListener('finish', done);
      this.completed(request, response, started);
    };
    response.on('close', done);
    response.on('finish', done);
    next();
  };

  private completed(request: IdentifiedRequest, response: ServerResponse, started: number): void {
    const status = response.statusCode;
    const level = this.levelOf(request, status);
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {
      req: { id: request.id, method: request.method, url: request.url },
      res: { statusCode: status },
      responseTime: Date.now() - started,
      correlationId: response.getHeader('x-correlation-id'),
    };
    if (status >= 500) {
      fields.err = new Error(`failed with status code ${status}`);
      this.pino[level](fields, 'request errored');
      return;
    }
    const completed = !request.readableAborted && response.writableEnded;
    this.pino[level](fields, completed ? 'request completed' : 'request aborted');
  }

  private levelOf(request: IncomingMessage, status: number): Level {
    if (status >= 500) return status === 503 ? 'warn' : 'error';
    // Probes and scrapes every few seconds would drown the rest at info level.
    return status < 400 && PROBES.test(request.url ?? '') ? 'debug' : 'info';
  }
}
