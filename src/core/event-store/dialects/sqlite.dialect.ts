import type { Statement } from 'better-sqlite3';
import type { EntityManager } from 'typeorm';
import { preparedOn } from '../../database/raw-sqlite.js';
import type { Transaction } from '../../database/transaction-runner.js';
import type { ReadLogOptions, StreamSnapshot } from '../event-store.js';
import {
  EVENT_ROW_COLUMNS,
  type EventLogDialect,
  type EventRow,
  type NewEventRow,
} from './event-log-dialect.js';

const INSERT = `INSERT INTO event_log (stream_id, stream_type, version, type, schema_version, data, event_id,
  command_id, correlation_id, causation_id, occurred_at, traceparent)
  VALUES (:streamId, :streamType, :version, :type, :schemaVersion, :data, :eventId, :commandId,
  :correlationId, :causationId, :occurredAt, :traceparent)`;

const SAVE_SNAPSHOT = `INSERT INTO snapshots (stream_id, stream_type, version, schema_version, state, taken_at)
  VALUES (:streamId, :streamType, :version, :schemaVersion, :state, :takenAt)
  ON CONFLICT (stream_id) DO UPDATE SET stream_type = excluded.stream_type, version = excluded.version,
  schema_version = excluded.schema_version, state = excluded.state, taken_at = excluded.taken_at`;

/** The log's own statements, prepared once on the connection under `manager`. */
const prepared = (manager: EntityManager, sql: string): Statement => preparedOn(manager.connection, sql);

/**
 * SQLite: a database has one writer at a time, which holds the write lock from its first insert to
 * its commit, so positions commit in the order they were taken and the highest committed position
 * is a safe head. Every consumer runs in the one process that writes, woken by the event store.
 */
export class SqliteDialect implements EventLogDialect {
  async beforeInsert(): Promise<void> {}

  /** SQLite runs one write transaction at a time (TransactionRunner): nothing to wait for. */
  async lockStream(): Promise<undefined> {
    return undefined;
  }

  async headPosition(log: EntityManager): Promise<number> {
    const row = prepared(log, 'SELECT MAX(position) AS head FROM event_log').get() as { head: number | null };
    return row.head ?? 0;
  }

  async streamVersion(tx: Transaction, streamId: string): Promise<number> {
    const statement = prepared(
      tx.manager,
      'SELECT MAX(version) AS version FROM event_log WHERE stream_id = ?',
    );
    return (statement.get(streamId) as { version: number | null }).version ?? 0;
  }

  async insert(tx: Transaction, rows: readonly NewEventRow[]): Promise<number[]> {
    // No round trips to save here: a prepared statement per row is as fast as one of many rows.
    const statement = prepared(tx.manager, INSERT);
    return rows.map((row) => Number(statement.run(row).lastInsertRowid));
  }

  /** Writes are serialised on SQLite (its own group commit, TransactionRunner): nothing to lock. */
  async lockStreams(): Promise<undefined> {
    return undefined;
  }

  async readSnapshot(tx: Transaction, streamId: string): Promise<StreamSnapshot | undefined> {
    const sql = `SELECT stream_id AS streamId, stream_type AS streamType, version, schema_version AS schemaVersion,
      state, taken_at AS takenAt FROM snapshots WHERE stream_id = ?`;
    return prepared(tx.manager, sql).get(streamId) as StreamSnapshot | undefined;
  }

  async saveSnapshot(tx: Transaction, snapshot: StreamSnapshot): Promise<void> {
    prepared(tx.manager, SAVE_SNAPSHOT).run(snapshot);
  }

  async readStream(
    manager: EntityManager,
    streamId: string,
    afterVersion: number,
    limit = -1,
  ): Promise<EventRow[]> {
    const sql = `SELECT ${EVENT_ROW_COLUMNS} FROM event_log WHERE stream_id = ? AND version > ? ORDER BY version LIMIT ?`;
    return prepared(manager, sql).all(streamId, afterVersion, limit) as EventRow[];
  }

  async readLog(manager: EntityManager, { after, upTo, limit, types }: ReadLogOptions): Promise<EventRow[]> {
    // `+type`: filter while walking the positions rather than through the type index. With IN over
    // the index SQLite reads every row of those types outside the range too: 408 µs for an empty
    // tail of a 17,000-event log, against 11 µs (measured; a catch-up over the whole log is faster too).
    const byType = types ? ` AND +type IN (${types.map(() => '?').join(', ')})` : '';
    const sql = `SELECT ${EVENT_ROW_COLUMNS} FROM event_log WHERE position > ? AND position <= ?${byType}
      ORDER BY position LIMIT ?`;
    return prepared(manager, sql).all(after, upTo, ...(types ?? []), limit) as EventRow[];
  }
}
