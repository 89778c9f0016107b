import type { Observable } from 'rxjs';
import type { DomainEvent, RecordedEvent, StoredEventHeader } from '../domain/domain-event.js';
import type { Transaction } from '../database/transaction-runner.js';
import type { AppendGroup } from './append-group.js';

export interface AppendRequest {
  readonly streamId: string;
  readonly streamType: string;
  /** The stream's version the events were decided against (0: the stream must not exist). */
  readonly expectedVersion: number;
  readonly events: readonly DomainEvent[];
  /**
   * The caller sends nothing after this append in its transaction: the store may commit the
   * transaction together with it (PostgreSQL does, in the INSERT's round trip). The append's result
   * then means committed, and any later statement in `tx` is refused.
   */
  readonly commit?: boolean;
}

export interface AppendResult {
  /** The stream's version after the append. */
  readonly version: number;
  /** Global position of the last event appended. */
  readonly position: number;
}

export interface ReadStreamOptions {
  /** Exclusive lower bound (default 0: from the start). */
  readonly afterVersion?: number;
  readonly limit?: number;
  readonly tx?: Transaction;
}

export interface ReadLogOptions {
  /** Exclusive lower bound. */
  readonly after: number;
  /**
   * Inclusive upper bound: at most a head that headPosition() answered, so a batch never runs past
   * it and nothing below it can still commit (the log's tail relies on it: see LogTail).
   */
  readonly upTo: number;
  readonly limit: number;
  /** Only these type names; all when omitted. */
  readonly types?: readonly string[];
}

/** The latest snapshot of one stream: the aggregate's state at `version`, in its own format. */
export interface StreamSnapshot {
  readonly streamId: string;
  readonly streamType: string;
  readonly version: number;
  /** The aggregate's snapshot format version: a snapshot of another version is ignored. */
  readonly schemaVersion: number;
  /** JSON. */
  readonly state: string;
  readonly takenAt: string;
}

/** Thrown by `append` when the stream is not at the expected version. */
export class StreamVersionMismatch extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`Stream ${streamId} is at version ${actualVersion}, not ${expectedVersion}`);
  }
}

/**
 * Thrown by the log's reads when an event cannot be turned back into its class (a schema version no
 * upcaster knows, an unregistered type): a consumer must stop on it, never skip it.
 */
export class UnreadableEventError extends Error {
  constructor(
    readonly position: number,
    readonly type: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/**
 * An event of a stream as stored, when it cannot be read back into its class: what a reader that
 * shows events (a history) gets instead of failing on it. Its payload is the stored JSON, not upcast.
 */
export interface UnreadableEvent extends StoredEventHeader {
  readonly unreadable: true;
  /** The stored payload, as written. */
  readonly rawData: string;
  /** Why it cannot be read back. */
  readonly reason: string;
}

/**
 * The port of the event log. Appends run inside a write transaction the caller owns (so that a
 * state row, a snapshot or a processed-command record commit together with the events); reads of the
 * log for consumers go through a connection of their own and see committed events only.
 */
export abstract class EventStore {
  /** Emits the head position after every commit that appended events, in this process. */
  abstract readonly appended: Observable<number>;

  /** Emits the type names of the events of each append, once its transaction has committed. */
  abstract readonly committedTypes: Observable<readonly string[]>;

  abstract append(tx: Transaction, request: AppendRequest): Promise<AppendResult>;

  /** Queues writers of one stream within their transactions (before they read it to decide). */
  abstract lockStream(tx: Transaction, streamId: string): Promise<void>;

  /**
   * Locks the streams of several commands that will share `tx` (CommandGroups) in one go, and answers
   * the group they run in; undefined where writers are serialised anyway (SQLite). One stream per
   * command, in the commands' order: a stream named twice has its commands decide one after the other.
   */
  abstract openGroup(tx: Transaction, streamIds: readonly string[]): Promise<AppendGroup | undefined>;

  /** The stream's current version inside `tx` (0 when it does not exist). */
  abstract streamVersion(tx: Transaction, streamId: string): Promise<number>;

  /** The stream's latest snapshot inside `tx`, if it has one. */
  abstract readSnapshot(tx: Transaction, streamId: string): Promise<StreamSnapshot | undefined>;

  /** Replaces the stream's snapshot, in the transaction that appends the events it includes. */
  abstract saveSnapshot(tx: Transaction, snapshot: StreamSnapshot): Promise<void>;

  /** Events of one stream in version order; inside `tx` when given, else committed ones only. */
  abstract readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * The stream's events for a reader that shows them rather than acts on them: an event that cannot
   * be read back is there as an UnreadableEvent instead of failing the whole read.
   */
  abstract browseStream(
    streamId: string,
    options?: ReadStreamOptions,
  ): Promise<Array<RecordedEvent | UnreadableEvent>>;

  /** Committed events in position order, for consumers. */
  abstract readLog(options: ReadLogOptions): Promise<RecordedEvent[]>;

  /** The highest position a consumer may safely read up to. */
  abstract headPosition(): Promise<number>;
}
