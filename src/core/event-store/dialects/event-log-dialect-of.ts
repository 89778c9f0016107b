import type { EntityManager } from 'typeorm';
import type { EventLogDialect } from './event-log-dialect.js';
import { PostgresDialect } from './postgres.dialect.js';
import { SqliteDialect } from './sqlite.dialect.js';

const sqlite = new SqliteDialect();
const postgres = new PostgresDialect();

/** The dialect of the database a manager (of a transaction, or of a DataSource) works on. */
export function eventLogDialectOf(manager: EntityManager): EventLogDialect {
  return manager.connection.options.type === 'postgres' ? postgres : sqlite;
}
