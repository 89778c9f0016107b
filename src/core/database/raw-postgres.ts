import type { Client, QueryResult, QueryResultRow } from 'pg';
import pgUtils from 'pg/lib/utils.js';
import type { EntityManager } from 'typeorm';
import { begun, committedWithStatement, sendingCommit, takePrefix } from './postgres-lazy-begin.js';

/**
 * The pg connection under a transaction's EntityManager (its query runner's, connected for the
 * whole transaction), for the hot statements of the log: several statements in one round trip
 * (the simple query protocol, which TypeORM's `query` cannot answer: it expects one result) and no
 * query building. A statement sent here is part of the transaction like any other on that runner,
 * and begins it first if it has not begun yet (postgres-lazy-begin.ts).
 */
export function rawPostgres(manager: EntityManager): Promise<Client> {
  return begun(manager, connectionOf(manager));
}

/**
 * Several statements in one round trip, behind what waits to go in front of them (the transaction's
 * START TRANSACTION when it has not been sent yet, deferred statements: postgres-lazy-begin.ts):
 * answers each statement's result, in order (not those in front). Values must be in the SQL as
 * literals (sqlLiteral). With `commit` (only where lazilyBegun says so) the transaction's COMMIT
 * follows them in the same round trip: answered means committed, and nothing may be sent in the
 * transaction after them.
 */
export async function rawPostgresStatements<R extends QueryResultRow>(
  manager: EntityManager,
  statements: (client: Client) => string,
  { commit = false }: { commit?: boolean } = {},
): Promise<Array<QueryResult<R>>> {
  const client = connectionOf(manager);
  const sql = statements(client);
  const prefix = await takePrefix(manager, { commit });
  if (commit) sendingCommit(manager);
  const results = (await client.query<R>(prefix.sql + sql + (commit ? '; COMMIT' : ''))) as unknown as
    QueryResult<R> | Array<QueryResult<R>>;
  if (commit) committedWithStatement(manager);
  const all = Array.isArray(results) ? results : [results];
  await prefix.settle(all);
  return all.slice(prefix.results, commit ? -1 : undefined);
}

/**
 * A value as an SQL literal, for statements sent with the simple query protocol: the text pg would
 * send for it as a parameter (its own conversion of dates, JSON, arrays, buffers), quoted and
 * escaped, so the server reads the same value in the same (untyped) way.
 */
export function sqlLiteral(client: Client, value: unknown): string {
  const text = pgUtils.prepareValue(value);
  if (text === null) return 'NULL';
  return client.escapeLiteral(Buffer.isBuffer(text) ? `\\x${text.toString('hex')}` : text);
}

/** The pg connection of a transaction's (connected) query runner. */
export function connectionOf(manager: EntityManager): Client {
  const connection = (manager.queryRunner as unknown as { databaseConnection?: Client } | undefined)
    ?.databaseConnection;
  if (!connection) throw new Error('rawPostgres: the manager has no connected query runner');
  return connection;
}
