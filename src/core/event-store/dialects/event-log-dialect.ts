import type { EntityManager } from 'typeorm';
import type { Transaction } from '../../database/transaction-runner.js';

/**
 * What the log needs from the database beyond portable SQL: gap-safe positions (a consumer that has
 * read up to the head must never later find a lower position committed) and wake-ups of consumers
 * in other processes. Chosen by `eventLogDialectOf`.
 */
export interface EventLogDialect {
  /**
   * Makes the writers of one stream wait for each other within their transactions, where the
   * database lets them run side by side (PostgreSQL); a no-op where writes are serialised anyway.
   */
  lockStream(tx: Transaction, streamId: string): Promise<void>;
  /** Runs in the append transaction right before its first event is inserted. */
  beforeInsert(tx: Transaction): Promise<void>;
  /** The highest position below which no event can still commit; reads committed rows only. */
  headPosition(log: EntityManager): Promise<number>;
}
