import type { Client, QueryResult, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';
import { begun, committedWithStatement, sendingCommit, takeBegin } from './postgres-lazy-begin.js';

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
 * Several statements in one round trip, the transaction's START TRANSACTION in front of them when
 * it has not been sent yet: answers each statement's result, in order (not the BEGIN's). Values
 * must be in the SQL as literals, escaped with the client's escapeLiteral. With `commit` (only where
 * canCommitWithStatement says so) the transaction's COMMIT follows them in the same round trip:
 * answered means committed, and nothing may be sent in the transaction after them.
 */
export async function rawPostgresStatements<R extends QueryResultRow>(
  manager: EntityManager,
  statements: (client: Client) => string,
  { commit = false }: { commit?: boolean } = {},
): Promise<Array<QueryResult<R>>> {
  const client = connectionOf(manager);
  const sql = statements(client);
  const begin = takeBegin(manager);
  if (commit) sendingCommit(manager);
  const results = (await client.query<R>(begin.sql + sql + (commit ? '; COMMIT' : ''))) as unknown as
    QueryResult<R> | Array<QueryResult<R>>;
  if (commit) committedWithStatement(manager);
  const all = Array.isArray(results) ? results : [results];
  return all.slice(begin.results, commit ? -1 : undefined);
}

/** The pg connection of a transaction's (connected) query runner. */
export function connectionOf(manager: EntityManager): Client {
  const connection = (manager.queryRunner as unknown as { databaseConnection?: Client } | undefined)
    ?.databaseConnection;
  if (!connection) throw new Error('rawPostgres: the manager has no connected query runner');
  return connection;
}
