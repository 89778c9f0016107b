import type { Transaction } from '../../database/transaction-runner.js';
import type { EventLogDialect } from './event-log-dialect.js';
import { PostgresDialect } from './postgres.dialect.js';
import { SqliteDialect } from './sqlite.dialect.js';

const sqlite = new SqliteDialect();
const postgres = new PostgresDialect();

/** The dialect of the database a transaction runs on. */
export function eventLogDialectOf(tx: Transaction): EventLogDialect {
  return tx.manager.connection.options.type === 'postgres' ? postgres : sqlite;
}
