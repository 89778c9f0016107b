import type { EntityManager } from 'typeorm';
import type { Transaction } from '../../database/transaction-runner.js';
import type { EventRecordEntity } from '../event-record.entity.js';
import type { ReadLogOptions, StreamSnapshot } from '../event-store.js';

/**
 * One row of the log as the dialects read and write it: the entity's columns (the entity is the
 * schema), with the position as a number on both databases.
 */
export type EventRow = Omit<EventRecordEntity, 'position'> & { readonly position: number };

export type NewEventRow = Omit<EventRow, 'position'>;

/** The log's columns under EventRow's names (quoted: PostgreSQL folds unquoted names to lower case). */
export const EVENT_ROW_COLUMNS = `position, stream_id AS "streamId", stream_type AS "streamType", version, type,
  schema_version AS "schemaVersion", data, event_id AS "eventId", command_id AS "commandId",
  correlation_id AS "correlationId", causation_id AS "causationId", occurred_at AS "occurredAt", traceparent`;

/** What a dialect's lockStream learned in the same round trip as the lock. */
export interface LockedStream {
  /** The stream's version, read after the lock was granted (0 when it has none). */
  readonly version: number;
  /** beforeInsert's work is done already: the transaction may insert without calling it. */
  readonly readyToInsert: boolean;
}

/**
 * What the log needs from the database: its rows (the hot path of every command and every
 * consumer, so each dialect may do them its own fastest way), gap-safe positions (a consumer that
 * has read up to the head must never later find a lower position committed) and wake-ups of
 * consumers in other processes. Chosen by `eventLogDialectOf`.
 */
export interface EventLogDialect {
  /**
   * Makes the writers of one stream wait for each other within their transactions, where the
   * database lets them run side by side (PostgreSQL); a no-op where writes are serialised anyway
   * (and then it learns nothing: undefined).
   */
  lockStream(tx: Transaction, streamId: string): Promise<LockedStream | undefined>;
  /**
   * lockStream for the streams of several commands that share one transaction (CommandGroups), in an
   * order that cannot deadlock, with beforeInsert's work: the version of each, 0 for none. Undefined
   * where writes are serialised anyway.
   */
  lockStreams(
    tx: Transaction,
    streamIds: readonly string[],
  ): Promise<ReadonlyMap<string, number> | undefined>;
  /**
   * Runs in the append transaction before its first event is inserted, unless the stream's lock
   * did its work already (LockedStream.readyToInsert).
   */
  beforeInsert(tx: Transaction): Promise<void>;
  /** The highest position below which no event can still commit; reads committed rows only. */
  headPosition(log: EntityManager): Promise<number>;
  /** The stream's highest version inside `tx`, 0 when it has none. */
  streamVersion(tx: Transaction, streamId: string): Promise<number>;
  /**
   * Inserts event rows, in order (within a stream their versions ascend, their positions too), and
   * answers each one's position. With `commit`, nothing follows in `tx`: a dialect may commit the
   * transaction with the insert (PostgreSQL, in the same round trip); answered then means committed.
   */
  insert(tx: Transaction, rows: readonly NewEventRow[], options?: { commit?: boolean }): Promise<number[]>;
  readSnapshot(tx: Transaction, streamId: string): Promise<StreamSnapshot | undefined>;
  /** Inserts or replaces the stream's snapshot. */
  saveSnapshot(tx: Transaction, snapshot: StreamSnapshot): Promise<void>;
  /** The stream's rows after `afterVersion` in version order, at most `limit`. */
  readStream(
    manager: EntityManager,
    streamId: string,
    afterVersion: number,
    limit?: number,
  ): Promise<EventRow[]>;
  /** Rows in position order within (after, upTo], of the given types when there are any. */
  readLog(manager: EntityManager, options: ReadLogOptions): Promise<EventRow[]>;
}
