import { setTimeout } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import type { Transaction } from '../../database/transaction-runner.js';
import type { EventLogDialect } from './event-log-dialect.js';
import { PortableEventRows } from './portable-event-rows.js';

/** The channel that carries the schema's name after each commit that appended events. */
export const EVENT_LOG_CHANNEL = 'cqrs_event_log';

/** The advisory lock every appender holds, shared, until its transaction ends (per schema). */
const APPENDING = `hashtext(current_schema()), hashtext('$appending')`;

/** The appenders holding APPENDING now, as virtual transaction ids. */
const APPENDERS = `SELECT virtualtransaction FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND objsubid = 2
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND classid::int = hashtext(current_schema()) AND objid::int = hashtext('$appending')`;

/**
 * PostgreSQL: concurrent transactions take positions from the identity sequence in one order and
 * may commit in another, so the highest committed position is not a safe head by itself: a lower
 * one may still commit. Appends stay concurrent; the head waits instead (docs/decisions/0030):
 *
 * - an appender takes a shared advisory lock before it takes a position, and keeps it to its end
 *   (released after its commit is visible);
 * - the head statement reads `MAX(position)` (its snapshot S) and then the appenders holding the
 *   lock. A lower position still uncommitted at S belongs to an appender that held the lock at S,
 *   so it is in that list unless it has finished since (and then a later read sees its rows);
 * - the head is safe once none of the listed appenders holds the lock any more. Only appenders in
 *   flight are waited for, typically for a millisecond or two, and appending never waits.
 *
 * NOTIFY is transactional: PostgreSQL delivers it at commit and drops it on rollback.
 */
export class PostgresDialect extends PortableEventRows implements EventLogDialect {
  /**
   * Concurrent commands on one stream would otherwise all read version n, all but one lose the race
   * on (stream_id, version) and retry, and under contention exhaust their retries (found by the
   * concurrent-writers fault test). A transaction-level advisory lock per stream queues them instead;
   * writers of other streams never wait.
   */
  async lockStream(tx: Transaction, streamId: string): Promise<void> {
    await tx.manager.query(
      `SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':stream'), hashtext($1))`,
      [streamId],
    );
  }

  async beforeInsert(tx: Transaction): Promise<void> {
    await tx.manager.query(
      `SELECT pg_advisory_xact_lock_shared(${APPENDING}), pg_notify($1, current_schema())`,
      [EVENT_LOG_CHANNEL],
    );
  }

  async headPosition(log: EntityManager): Promise<number> {
    // pg_locks is read live, after the statement's snapshot was taken.
    const [{ head, appenders }] = (await log.query(
      `SELECT COALESCE(MAX(position), 0) AS head, ARRAY(${APPENDERS}) AS appenders FROM event_log`,
    )) as { head: string; appenders: string[] }[];
    // Back off a little between checks, so that waiting does not load the database it waits on.
    for (
      let pause = 1;
      appenders.length > 0 && !(await this.finished(log, appenders));
      pause = Math.min(pause * 2, 20)
    ) {
      await setTimeout(pause);
    }
    return Number(head);
  }

  private async finished(log: EntityManager, appenders: string[]): Promise<boolean> {
    const [{ finished }] = (await log.query(
      `SELECT NOT EXISTS (SELECT 1 FROM (${APPENDERS}) a WHERE a.virtualtransaction = ANY($1)) AS finished`,
      [appenders],
    )) as { finished: boolean }[];
    return finished;
  }
}
