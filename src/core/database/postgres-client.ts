import { Client } from 'pg';

/** Internals of pg's Client that we need to drop a connection that stopped answering. */
interface ClientInternals {
  connection?: { stream?: { destroy(): void } };
}

type Callback = (error: unknown, result?: unknown) => void;

const READ_TIMEOUT = 'Query read timeout';

/**
 * pg's Client, with two changes:
 * - a query that times out on the client side (`query_timeout`: the server did not answer at all)
 *   also destroys the connection. pg itself only fails that one query and keeps the client, whose
 *   next query then waits behind the one that never answered: a pool would hand the dead connection
 *   out again and again. Destroyed, it leaves the pool, and the next query opens a new connection: a
 *   processor that stalled on a read reconnects by itself.
 * - queries on one client run one after the other, each sent once the one before has settled.
 *   TypeORM's schema reads (`getTable`, used by migrations and the side-by-side rebuild) issue a
 *   table's column lookups with Promise.all on one connection; pg still queues them itself, but
 *   deprecates that (it goes away in pg 9) and asks callers to sequence their own queries.
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

/** The last query sent on each client, settled or not: the next one waits for it. */
const lastQuery = new WeakMap<Client, Promise<void>>();

StallSafeClient.prototype.query = function (this: Client, ...args: unknown[]): unknown {
  // A submittable (a cursor, a stream) is driven by its own events: pg queues it as before.
  if (typeof (args[0] as { submit?: unknown } | null)?.submit === 'function') return query(this, args);
  const callback = typeof args.at(-1) === 'function' ? (args.pop() as Callback) : undefined;
  const send = () => query(this, args) as Promise<unknown>;
  const before = lastQuery.get(this);
  const result = before ? before.then(send) : send();
  const settled = result.then(
    () => undefined,
    (error: unknown) => abandonOnReadTimeout(this, error),
  );
  lastQuery.set(this, settled);
  void settled.then(() => lastQuery.get(this) === settled && lastQuery.delete(this));
  if (!callback) return result;
  result.then(
    (value) => callback(null, value),
    (error: unknown) => callback(error),
  );
  return undefined;
} as typeof Client.prototype.query;
