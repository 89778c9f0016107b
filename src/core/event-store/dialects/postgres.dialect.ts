import { setTimeout } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import type { Transaction } from '../../database/transaction-runner.js';
import type { EventLogDialect } from './event-log-dialect.js';

/** The channel that carries the schema's name after each commit that appended events. */
export const EVENT_LOG_CHANNEL = 'cqrs_event_log';

/**
 * PostgreSQL: concurrent transactions take positions from the identity sequence in one order and
 * may commit in another, so the highest committed position is not a safe head by itself: a lower
 * one may still commit. Appends stay concurrent; the head waits instead (docs/decisions/0030):
 *
 * - an appender gets its transaction id before it takes a position (`pg_current_xact_id()`);
 * - the head is read together with a snapshot: `MAX(position)` as of snapshot S. Any lower position
 *   was taken before the highest one committed, so by a transaction that either had finished at S
 *   (then its rows are visible, or gone for good) or was running at S, hence listed in S's xip;
 * - so that head is safe once every transaction of S's xip has ended, which a later snapshot shows.
 *   Only transactions that were writing at S are waited for, typically for a millisecond or two.
 *
 * NOTIFY is transactional: PostgreSQL delivers it at commit and drops it on rollback.
 */
export class PostgresDialect implements EventLogDialect {
  async beforeInsert(tx: Transaction): Promise<void> {
    await tx.manager.query('SELECT pg_current_xact_id(), pg_notify($1, current_schema())', [
      EVENT_LOG_CHANNEL,
    ]);
  }

  async headPosition(log: EntityManager): Promise<number> {
    // One statement, one snapshot: the head and the transactions running when it was read.
    const [{ head, snapshot }] = (await log.query(
      'SELECT COALESCE(MAX(position), 0) AS head, pg_current_snapshot()::text AS snapshot FROM event_log',
    )) as { head: string; snapshot: string }[];
    // The text form is xmin:xmax:xip,xip,… with an empty list when nothing was being written.
    // Back off a little between checks, so that waiting does not load the database it waits on.
    for (
      let pause = 1;
      snapshot.split(':')[2] && !(await this.ended(log, snapshot));
      pause = Math.min(pause * 2, 20)
    ) {
      await setTimeout(pause);
    }
    return Number(head);
  }

  /** Whether every transaction that was running at `snapshot` has committed or rolled back. */
  private async ended(log: EntityManager, snapshot: string): Promise<boolean> {
    const [{ ended }] = (await log.query(
      `SELECT NOT EXISTS (
         SELECT pg_snapshot_xip($1::pg_snapshot)
         INTERSECT
         SELECT pg_snapshot_xip(pg_current_snapshot())
       ) AS ended`,
      [snapshot],
    )) as { ended: boolean }[];
    return ended;
  }
}
