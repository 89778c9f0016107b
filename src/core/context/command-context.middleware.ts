import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CommandContext } from './command-context.js';

const HEADER_ID = /^[\w.:-]{1,128}$/;

/**
 * Opens the command context of one HTTP request: the correlation id comes from `X-Correlation-Id`
 * (or `X-Request-Id`) when the client sends a sane one, else it is generated, and is echoed back.
 */
export function commandContextMiddleware(
  request: IncomingMessage,
  response: ServerResponse,
  next: () => void,
): void {
  const sent = request.headers['x-correlation-id'] ?? request.headers['x-request-id'];
  const correlationId = typeof sent === 'string' && HEADER_ID.test(sent) ? sent : randomUUID();
  response.setHeader('X-Correlation-Id', correlationId);
  CommandContext.run({ correlationId }, next);
}
