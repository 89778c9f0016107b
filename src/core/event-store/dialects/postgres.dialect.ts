import { setTimeout } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import type { Client } from 'pg';
import { lazilyBegun } from '../../database/postgres-lazy-begin.js';
import { connectionOf, rawPostgres, rawPostgresStatements, sqlLiteral } from '../../database/raw-postgres.js';
import type { Transaction } from '../../database/transaction-runner.js';
import { namedQuery } from '../../database/view-statement.js';
import type { ReadLogOptions } from '../event-store.js';
import {
  EVENT_ROW_COLUMNS,
  type EventLogDialect,
  type EventRow,
  type LockedStream,
  type NewEventRow,
} from './event-log-dialect.js';
import { type AppenderConnection, LocalAppenders } from './local-appenders.js';
import { PortableEventRows } from './portable-event-rows.js';

/** The channel that carries the schema's name after commits that appended events (PostgresLogNotifier). */
export const EVENT_LOG_CHANNEL = 'cqrs_event_log';

/** The advisory lock every appender holds, shared, until its transaction ends (per schema). */
const APPENDING = `hashtext(current_schema()), hashtext('$appending')`;

/**
 * What beforeInsert does: the shared appending lock. (Other processes are woken after the commit,
 * not by a NOTIFY in it: see PostgresLogNotifier.)
 */
const BEFORE_INSERT = `pg_advisory_xact_lock_shared(${APPENDING})`;

/** The columns of an append, in the order of NewEventRow's values below. */
const INSERT_COLUMNS = `stream_id, stream_type, version, type, schema_version, data, event_id, command_id,
  correlation_id, causation_id, occurred_at, traceparent`;
const VALUES_PER_ROW = 12;
/** A statement takes at most 65,535 parameters: longer appends take several. */
const ROWS_PER_INSERT = 1000;
/**
 * Appends of up to this many events use a named statement, parsed once per connection: most
 * commands append one to three events, and every other append is parsed anew.
 */
const PREPARED_UP_TO = 8;

const valuesOf = (row: NewEventRow): unknown[] => [
  row.streamId,
  row.streamType,
  row.version,
  row.type,
  row.schemaVersion,
  row.data,
  row.eventId,
  row.commandId,
  row.correlationId,
  row.causationId,
  row.occurredAt,
  row.traceparent,
];

/** `($first, ..., $first+11)`: the placeholders of one row. */
const rowOfPlaceholders = (first: number): string =>
  `(${Array.from({ length: VALUES_PER_ROW }, (_, column) => `$${first + column}`).join(', ')})`;

/** `($1, ..., $12), ($13, ...)`: one row of placeholders per event. */
const placeholders = (rows: number): string =>
  Array.from({ length: rows }, (_, index) => rowOfPlaceholders(index * VALUES_PER_ROW + 1)).join(', ');

/** The log's INSERT of the given VALUES rows (placeholders or literals), answering each row's position. */
const insertOf = (values: string): string =>
  `INSERT INTO event_log (${INSERT_COLUMNS}) VALUES ${values} RETURNING position, version`;

/** What an INSERT into the log answers per row. */
interface InsertedRow {
  readonly position: string;
  readonly version: number;
}

/**
 * The positions of an insert's rows, once checked to ascend in the order of the rows (so within a
 * stream with its versions) and to follow `after`.
 */
function positionsOf(
  rows: readonly NewEventRow[],
  inserted: readonly InsertedRow[],
  after: number,
): number[] {
  if (inserted.length !== rows.length)
    throw new Error('event_log: an append answered another number of rows');
  let position = after;
  return inserted.map((row, index) => {
    if (Number(row.version) !== rows[index].version || Number(row.position) <= position)
      throw new Error('event_log: an append took its positions out of the order of its versions');
    position = Number(row.position);
    return position;
  });
}

/**
 * How long a head waits for this process's own appenders to end before it asks the server: only a
 * transaction whose end went unanswered (a lost connection) needs the server to tell.
 */
const LOCAL_WAIT_MS = 50;

/** Which server a manager's connections go to (every store's options carry a URL). */
const serverOf = (manager: EntityManager): string =>
  String((manager.connection.options as { url?: string }).url);

/** The appenders holding APPENDING now: their virtual transaction ids and backend pids. */
const APPENDERS = `SELECT virtualtransaction, pid FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND objsubid = 2
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND classid::int = hashtext(current_schema()) AND objid::int = hashtext('$appending')`;

/** The head statement (see PostgresDialect): pg_locks is read live, after the statement's snapshot was taken. */
const HEAD = `WITH listed AS MATERIALIZED (${APPENDERS})
  SELECT (SELECT COALESCE(MAX(position), 0) FROM event_log) AS head,
    ARRAY(SELECT virtualtransaction FROM listed) AS appenders, ARRAY(SELECT pid FROM listed) AS pids`;

/** Whether none of the appenders listed ($1) holds APPENDING any more. */
const FINISHED = `SELECT NOT EXISTS (SELECT 1 FROM (${APPENDERS}) a WHERE a.virtualtransaction = ANY($1)) AS finished`;

/** A window of the log: (after, upTo] in position order, at most `limit` rows; and of some types only. */
const READ_LOG = `SELECT ${EVENT_ROW_COLUMNS} FROM event_log WHERE position > $1 AND position <= $2
  ORDER BY position LIMIT $3`;
const READ_LOG_OF_TYPES = `SELECT ${EVENT_ROW_COLUMNS} FROM event_log WHERE position > $1 AND position <= $2
  AND type = ANY($4::text[]) ORDER BY position LIMIT $3`;

/** A row as pg answers it: the bigint position as a string. */
type RawEventRow = Omit<EventRow, 'position'> & { readonly position: string };

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
 *   flight are waited for, typically for a millisecond or two, and appending never waits. When
 *   they are all this process's own, their commits are awaited in the process (LocalAppenders);
 *   otherwise the server is asked again, with a back-off.
 */
export class PostgresDialect extends PortableEventRows implements EventLogDialect {
  private readonly local = new LocalAppenders();

  /**
   * Concurrent commands on one stream would otherwise all read version n, all but one lose the race
   * on (stream_id, version) and retry, and under contention exhaust their retries (found by the
   * concurrent-writers fault test). A transaction-level advisory lock per stream queues them instead;
   * writers of other streams never wait.
   *
   * One round trip does what a command needs before it decides: the stream's lock, beforeInsert's
   * work (taking the appending lock this early is fine: the head only waits for appenders in flight)
   * and the stream's version. The version is read by a statement of its own, after
   * the lock's: in READ COMMITTED each statement takes its own snapshot, so it sees the commit of the
   * writer it waited for. Read in the lock's statement, it would come from a snapshot taken before
   * the lock was granted: a stale version, and every writer queued on a hot stream would lose its
   * race. Several statements in one round trip take the simple query protocol, whose values are
   * literals: escaped by pg.
   */
  async lockStream(tx: Transaction, streamId: string): Promise<LockedStream> {
    const [, { rows }] = await rawPostgresStatements<{ version: number | string }>(tx.manager, (client) => {
      const id = client.escapeLiteral(streamId);
      return `SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':stream'), hashtext(${id})), ${BEFORE_INSERT};
        SELECT COALESCE(MAX(version), 0) AS version FROM event_log WHERE stream_id = ${id}`;
    });
    this.appending(tx);
    return { version: Number(rows[0].version), readyToInsert: true };
  }

  /**
   * lockStream for several streams at once (a group commit, CommandGroups), in one round trip: their
   * locks in ascending order of their keys, all in one statement, so that two transactions locking
   * streams in common never wait for each other crosswise (every other writer locks one stream);
   * then the appending lock; then the versions, read after the locks were granted, each by a MAX of
   * its own (one step down the (stream_id, version) index). A MAX ... GROUP BY read every version of
   * every stream in the group: on a hot item's long stream PostgreSQL spent 250-285 us of CPU per
   * check-in, 90-97 us with one MAX per stream.
   */
  async lockStreams(tx: Transaction, streamIds: readonly string[]): Promise<Map<string, number>> {
    const [, , { rows }] = await rawPostgresStatements<{
      stream_id: string;
      version: number | string | null;
    }>(tx.manager, (client) => {
      const ids = streamIds.map((id) => client.escapeLiteral(id)).join(', ');
      return `SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':stream'), key)
            FROM (SELECT DISTINCT hashtext(id) AS key FROM unnest(ARRAY[${ids}]::text[]) AS id ORDER BY key) AS keys;
          SELECT ${BEFORE_INSERT};
          SELECT id AS stream_id, (SELECT MAX(version) FROM event_log WHERE stream_id = id) AS version
            FROM (SELECT DISTINCT unnest(ARRAY[${ids}]::text[]) AS id) AS ids`;
    });
    this.appending(tx);
    const versions = new Map(streamIds.map((id) => [id, 0]));
    for (const row of rows) versions.set(row.stream_id, Number(row.version ?? 0));
    return versions;
  }

  async beforeInsert(tx: Transaction): Promise<void> {
    await (await rawPostgres(tx.manager)).query(`SELECT ${BEFORE_INSERT}`);
    this.appending(tx);
  }

  /** Once `tx` holds the appending lock: a head of this process waits for its end locally. */
  private appending(tx: Transaction): void {
    this.local.add(serverOf(tx.manager), connectionOf(tx.manager) as Client & AppenderConnection, tx);
  }

  /**
   * All the events of an append in one statement (a very long append in several). A multi-row
   * VALUES is inserted row by row in its order, each taking the next position as it goes: positions
   * ascend with the versions (checked here rather than trusted, and by the event store's tests).
   *
   * With `commit` (the unit of work sends nothing after its append) the INSERT and the COMMIT go in
   * one round trip (simple query protocol, the values as escaped literals): the command's lock is
   * then held for one round trip after its decision instead of two, and the answer still waits for
   * the COMMIT (decision 0230).
   */
  async insert(
    tx: Transaction,
    rows: readonly NewEventRow[],
    { commit = false }: { commit?: boolean } = {},
  ): Promise<number[]> {
    if (commit && rows.length <= ROWS_PER_INSERT && lazilyBegun(tx.manager)) {
      const [{ rows: inserted }] = await rawPostgresStatements<InsertedRow>(
        tx.manager,
        (client) =>
          insertOf(
            rows
              .map(
                (row) =>
                  `(${valuesOf(row)
                    .map((value) => sqlLiteral(client, value))
                    .join(', ')})`,
              )
              .join(', '),
          ),
        { commit: true },
      );
      return positionsOf(rows, inserted, 0);
    }
    const positions: number[] = [];
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      positions.push(
        ...(await this.insertRows(tx, rows.slice(start, start + ROWS_PER_INSERT), positions.at(-1) ?? 0)),
      );
    }
    return positions;
  }

  private async insertRows(tx: Transaction, rows: readonly NewEventRow[], after: number): Promise<number[]> {
    const client = await rawPostgres(tx.manager);
    const { rows: inserted } = await client.query<InsertedRow>({
      name: rows.length <= PREPARED_UP_TO ? `cqrs_event_log_insert_${rows.length}` : undefined,
      text: insertOf(placeholders(rows.length)),
      values: rows.flatMap(valuesOf),
    });
    return positionsOf(rows, inserted, after);
  }

  /**
   * Reads the range in windows of positions, `limit` x 4 wide at first and twice as wide after each
   * window that was short (sparse types, holes left by rolled-back appends), so that one statement
   * never spans much more of the log than it answers. Without the windows a consumer far behind
   * (a catch-up, a rebuild) asked for 500 rows of (after, head] and PostgreSQL, whose statistics of
   * a log that grew fast are stale (never analysed: reltuples -1), fetched and sorted the WHOLE range
   * for each batch: 38 ms a batch at 150,000 positions behind, against 0.15 ms once analysed, so a
   * catch-up took time quadratic in its length (bench:core's rebuild fell from 26,000 to 12,000
   * events/s between 117,000 and 300,000 events). A window bounds a statement's cost whatever plan
   * the statistics lead to. `log` is the log reader's, outside any transaction: the tail's reads
   * (every type) are a named statement on its pool.
   */
  async readLog(log: EntityManager, { after, upTo, limit, types }: ReadLogOptions): Promise<EventRow[]> {
    const rows: EventRow[] = [];
    let window = limit * 4;
    for (let from = after; from < upTo && rows.length < limit; from += window, window *= 2) {
      const range = [from, Math.min(upTo, from + window), limit - rows.length];
      // Of some types: planned for its values each time (a catch-up, a rebuild), since a generic plan
      // knows neither how wide the window is nor how common the types are.
      const found = types
        ? ((await log.query(READ_LOG_OF_TYPES, [...range, types])) as RawEventRow[])
        : await namedQuery<RawEventRow>(log.connection, READ_LOG, range);
      for (const row of found) rows.push({ ...row, position: Number(row.position) });
    }
    return rows;
  }

  async headPosition(log: EntityManager): Promise<number> {
    const [{ head, appenders, pids }] = await namedQuery<{
      head: string;
      appenders: string[];
      pids: number[];
    }>(log.connection, HEAD);
    if (appenders.length === 0) return Number(head);
    // This process's own appends: their commits are awaited here (see LocalAppenders).
    const ends = this.local.endsOf(serverOf(log), pids);
    if (
      ends &&
      (await Promise.race([Promise.all(ends).then(() => true), setTimeout(LOCAL_WAIT_MS, false)]))
    ) {
      return Number(head);
    }
    // Back off a little between checks, so that waiting does not load the database it waits on.
    for (let pause = 1; !(await this.finished(log, appenders)); pause = Math.min(pause * 2, 20)) {
      await setTimeout(pause);
    }
    return Number(head);
  }

  private async finished(log: EntityManager, appenders: string[]): Promise<boolean> {
    const [{ finished }] = await namedQuery<{ finished: boolean }>(log.connection, FINISHED, [appenders]);
    return finished;
  }
}
