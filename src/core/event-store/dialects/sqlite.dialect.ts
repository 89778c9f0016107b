import type { EntityManager } from 'typeorm';
import type { EventLogDialect } from './event-log-dialect.js';

/**
 * SQLite: a database has one writer at a time, which holds the write lock from its first insert to
 * its commit, so positions commit in the order they were taken and the highest committed position
 * is a safe head. Every consumer runs in the one process that writes, woken by the event store.
 */
export class SqliteDialect implements EventLogDialect {
  async beforeInsert(): Promise<void> {}

  /** SQLite runs one write transaction at a time (TransactionRunner): nothing to wait for. */
  async lockStream(): Promise<void> {}

  async headPosition(log: EntityManager): Promise<number> {
    const [row] = (await log.query('SELECT MAX(position) AS head FROM event_log')) as {
      head: number | null;
    }[];
    return Number(row?.head ?? 0);
  }
}
