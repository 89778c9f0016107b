import type { Transaction } from '../../database/transaction-runner.js';

/**
 * What appending to the log needs from the database beyond portable SQL: making positions gap-safe
 * (a consumer that has read up to the head must never later find a lower position committed) and
 * waking consumers in other processes. Chosen per transaction by `eventLogDialectOf`.
 */
export interface EventLogDialect {
  /** Runs in the append transaction right before its first event is inserted. */
  beforeInsert(tx: Transaction): Promise<void>;
  /** Runs in the append transaction after its last event is inserted. */
  afterInsert(tx: Transaction, position: number): Promise<void>;
}
