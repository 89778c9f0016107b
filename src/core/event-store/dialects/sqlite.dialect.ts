import type { EventLogDialect } from './event-log-dialect.js';

/**
 * SQLite needs nothing: a database has one writer at a time, which holds the write lock from its
 * first insert to its commit, so positions commit in the order they were taken; and every consumer
 * runs in the one process that writes, woken by the event store's `appended` stream.
 */
export class SqliteDialect implements EventLogDialect {
  async beforeInsert(): Promise<void> {}

  async afterInsert(): Promise<void> {}
}
