import type { Transaction } from '../../database/transaction-runner.js';
import type { EventLogDialect } from './event-log-dialect.js';

/** The channel that carries `<schema>:<position>` after each commit that appended events. */
export const EVENT_LOG_CHANNEL = 'cqrs_event_log';

/**
 * PostgreSQL: concurrent transactions take positions from the identity sequence in one order and
 * may commit in another, so a consumer reading `position > checkpoint` could move past a position
 * that commits later. Appends are therefore serialised by a transaction-level advisory lock, taken
 * right before the first insert and released by the commit: a transaction takes positions only
 * once every earlier appender has committed or rolled back, and `MAX(position)` is a safe head.
 * The lock is per schema, so two deployments in one database do not wait on each other.
 * (docs/decisions/0030-gap-safe-positions.md says why this and not transaction-id visibility.)
 *
 * The NOTIFY is transactional: PostgreSQL delivers it at commit, and drops it on rollback.
 */
export class PostgresDialect implements EventLogDialect {
  async beforeInsert(tx: Transaction): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.event_log'))`);
  }

  async afterInsert(tx: Transaction, position: number): Promise<void> {
    await tx.manager.query(`SELECT pg_notify($1, current_schema() || ':' || $2)`, [
      EVENT_LOG_CHANNEL,
      String(position),
    ]);
  }
}
