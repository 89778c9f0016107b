import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '../../core/index.js';
import { AppLogger } from './app-logger.js';
import { RequestLoggingMiddleware } from './request-logging.middleware.js';

type Line = Record<string, unknown>;

function setUp(logLevel: string) {
  const lines: Line[] = [];
  const logger = new AppLogger({ logLevel } as AppConfig, {
    write: (line: string) => void lines.push(JSON.parse(line) as Line),
  });
  return { lines, middleware: new RequestLoggingMiddleware(logger) };
}

function exchange(url: string, status: number) {
  const request = Object.assign(new EventEmitter(), {
    id: 'req-1',
    method: 'GET',
    url,
    readableAborted: false,
  });
  const headers: Record<string, string> = { 'x-correlation-id': 'corr-1' };
  const response = Object.assign(new EventEmitter(), {
    statusCode: status,
    writableEnded: true,
    getHeader: (name: string) => headers[name],
  });
  return {
    request: request as unknown as IncomingMessage,
    response: response as unknown as ServerResponse,
    finish: () => {
      response.emit('finish');
      response.emit('close');
    },
  };
}

describe('RequestLoggingMiddleware', () => {
  it('writes one line per request, in pino-http shape, when the answer is sent', () => {
    const { lines, middleware } = setUp('info');
    const { request, response, finish } = exchange('/inventory-items?limit=5', 200);
    let called = 0;
    middleware.use(request, response, () => called++);
    expect(called).toBe(1);
    expect(lines).toHaveLength(0);
    finish();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'req-1', method: 'GET', url: '/inventory-items?limit=5' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      correlationId: 'corr-1',
    });
  });

  it('logs a server error at error level with an err, and 503 at warn', () => {
    const { lines, middleware } = setUp('info');
    for (const status of [500, 503]) {
      const { request, response, finish } = exchange('/inventory-items', status);
      middleware.use(request, response, () => undefined);
      finish();
    }
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [50, 'request errored'],
      [40, 'request errored'],
    ]);
    expect(lines[0].err).toMatchObject({ message: 'failed with status code 500' });
  });

  it('keeps probes and scrapes at debug level, and says when a client went away', () => {
    const { lines, middleware } = setUp('info');
    const probe = exchange('/health', 200);
    middleware.use(probe.request, probe.response, () => undefined);
    probe.finish();
    expect(lines).toHaveLength(0);

    const aborted = exchange('/inventory-items', 200);
    middleware.use(aborted.request, aborted.response, () => undefined);
    (aborted.response as unknown as { writableEnded: boolean }).writableEnded = false;
    aborted.response.emit('close');
    expect(lines).toEqual([expect.objectContaining({ msg: 'request aborted' })]);
  });
});
