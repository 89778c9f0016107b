import type { Client } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * The pg connection under a transaction's EntityManager (its query runner's, connected for the
 * whole transaction), for the hot statements of the log: several statements in one round trip
 * (the simple query protocol, which TypeORM's `query` cannot answer: it expects one result) and no
 * query building. A statement sent here is part of the transaction like any other on that runner.
 */
export function rawPostgres(manager: EntityManager): Client {
  const connection = (manager.queryRunner as unknown as { databaseConnection?: Client } | undefined)
    ?.databaseConnection;
  if (!connection) throw new Error('rawPostgres: the manager has no connected query runner');
  return connection;
}
