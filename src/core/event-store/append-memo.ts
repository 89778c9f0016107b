import type { Transaction } from '../database/transaction-runner.js';
import type { NewEventRow } from './dialects/event-log-dialect.js';

/**
 * What one write transaction already knows of the log, so that it does not ask again: on PostgreSQL
 * every question is a round trip, and a command used to ask for its stream's version twice.
 *
 * - `versions`: the version of each stream this transaction read (under the stream's lock on
 *   PostgreSQL; SQLite runs one writer at a time) or appended to. Nothing else appends to the stream
 *   meanwhile; if something ever did, the unique (stream_id, version) index would refuse the insert
 *   built on the stale version (StreamVersionMismatch), and the retry runs in a new transaction
 *   with a new memo. So a stale memo can cost a retry, never an update.
 * - `readyToInsert`: what the dialect's beforeInsert takes (PostgreSQL's shared appending lock) was
 *   taken already, together with the stream's lock.
 *
 * - `group`: the transaction is one member of a group commit (AppendGroup) that locked `stream`
 *   for it; its append goes to the group, which inserts and commits every member's at once.
 *
 * Keyed by the Transaction object, which lives exactly as long as one attempt of one unit of work:
 * on SQLite units sharing a group commit share a connection but not their Transaction, so a unit
 * rolled back to its savepoint leaves nothing behind for the next.
 */
export interface AppendMemo {
  readonly versions: Map<string, number>;
  readyToInsert: boolean;
  group?: {
    readonly stream: string;
    /** Answers the rows' positions once the group has committed. */
    append(rows: readonly NewEventRow[]): Promise<number[]>;
    /** Whether a read of `stream` would miss rows the group has still to insert. */
    readsPending(stream: string): boolean;
  };
}

const memos = new WeakMap<Transaction, AppendMemo>();

export function appendMemoOf(tx: Transaction): AppendMemo {
  let memo = memos.get(tx);
  if (!memo) memos.set(tx, (memo = { versions: new Map(), readyToInsert: false }));
  return memo;
}
