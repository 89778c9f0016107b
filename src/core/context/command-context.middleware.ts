import type { IncomingMessage, ServerResponse } from 'node:http';
import { newId } from '../domain/new-id.js';
import { CommandContext } from './command-context.js';

const HEADER_ID = /^[\w.:-]{1,128}$/;

/** A request once the context middleware has opened its context. */
export interface IdentifiedRequest extends IncomingMessage {
  id?: string;
}

/**
 * Opens the context of one HTTP request: a fresh request id, answered as `X-Request-Id`, and the
 * correlation id, from `X-Correlation-Id` (or `X-Request-Id`) when the client sends a sane one, else
 * generated, and echoed back as `X-Correlation-Id`.
 */
export function commandContextMiddleware(
  request: IdentifiedRequest,
  response: ServerResponse,
  next: () => void,
): void {
  const sent = request.headers['x-correlation-id'] ?? request.headers['x-request-id'];
  const correlationId = typeof sent === 'string' && HEADER_ID.test(sent) ? sent : newId();
  const requestId = newId();
  request.id = requestId;
  response.setHeader('X-Request-Id', requestId);
  response.setHeader('X-Correlation-Id', correlationId);
  CommandContext.run({ correlationId, requestId }, next);
}
