import { Client } from 'pg';

/** Internals of pg's Client that we need to drop a connection that stopped answering. */
interface ClientInternals {
  connection?: { stream?: { destroy(): void } };
}

const READ_TIMEOUT = 'Query read timeout';

/**
 * pg's Client, except that a query that times out on the client side (`query_timeout`: the server
 * did not answer at all) also destroys the connection. pg itself only fails that one query and keeps
 * the client, whose next query then waits behind the one that never answered: a pool would hand the
 * dead connection out again and again. Destroyed, it leaves the pool, and the next query opens a
 * new connection: a processor that stalled on a read reconnects by itself.
 */
export class StallSafeClient extends Client {}

// Looked up on every call, not captured at load: tracing's pg instrumentation wraps
// Client.prototype.query after this module is loaded, and a captured copy would bypass its spans.
const query = (client: Client, args: unknown[]): unknown =>
  (Client.prototype.query as (...args: unknown[]) => unknown).apply(client, args);

function abandonOnReadTimeout(client: Client, error: unknown): void {
  if ((error as { message?: unknown } | null)?.message !== READ_TIMEOUT) return;
  (client as unknown as ClientInternals).connection?.stream?.destroy();
}

StallSafeClient.prototype.query = function (this: Client, ...args: unknown[]): unknown {
  const last = args.length - 1;
  if (typeof args[last] === 'function') {
    const callback = args[last] as (error: unknown, ...rest: unknown[]) => void;
    args[last] = (error: unknown, ...rest: unknown[]) => {
      abandonOnReadTimeout(this, error);
      callback(error, ...rest);
    };
    return query(this, args);
  }
  const result = query(this, args);
  if (result instanceof Promise) result.catch((error: unknown) => abandonOnReadTimeout(this, error));
  return result;
} as typeof Client.prototype.query;
