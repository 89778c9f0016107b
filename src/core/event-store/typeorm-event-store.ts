import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Subject } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import { CommandContext } from '../context/command-context.js';
import { LOG_READER } from '../database/data-source-names.js';
import { SharedRead } from '../database/shared-read.js';
import { isUniqueViolation } from '../database/dialect.js';
import type { Transaction } from '../database/transaction-runner.js';
import { eventClassOf, type RecordedEvent } from '../domain/domain-event.js';
import { newId } from '../domain/new-id.js';
import { activeTraceParent } from '../tracing/trace-parent.js';
import { CqrsAttributes, inSpan } from '../tracing/tracer.js';
import { AppendGroup, NotGroupable } from './append-group.js';
import { appendMemoOf } from './append-memo.js';
import { eventLogDialectOf } from './dialects/event-log-dialect-of.js';
import {
  type AppendRequest,
  type AppendResult,
  EventStore,
  type ReadLogOptions,
  type ReadStreamOptions,
  type StreamSnapshot,
  StreamVersionMismatch,
  type UnreadableEvent,
} from './event-store.js';
import { browsedOf, recordedOf } from './recorded-rows.js';
import { EventTypeRegistry } from './event-type-registry.js';
import { LogTail } from './log-tail.js';

@Injectable()
export class TypeOrmEventStore extends EventStore {
  private readonly appendedSubject = new Subject<number>();
  readonly appended = this.appendedSubject.asObservable();
  private readonly committedTypesSubject = new Subject<readonly string[]>();
  readonly committedTypes = this.committedTypesSubject.asObservable();
  private readonly head = new SharedRead(
    () => eventLogDialectOf(this.log.manager).headPosition(this.log.manager),
    'since-asked',
  );
  private readonly tail = new LogTail(
    (after, upTo, limit) =>
      eventLogDialectOf(this.log.manager).readLog(this.log.manager, { after, upTo, limit }),
    (row) => recordedOf(this.registry, row),
  );

  constructor(
    @InjectDataSource(LOG_READER) private readonly log: DataSource,
    private readonly registry: EventTypeRegistry,
  ) {
    super();
  }

  /** One span per append, `append <StreamType>`; each event stores that span's trace context. */
  append(tx: Transaction, request: AppendRequest): Promise<AppendResult> {
    return inSpan(`append ${request.streamType}`, {}, async (span) => {
      const result = await this.appendEvents(tx, request);
      if (span.isRecording()) {
        span.setAttributes({
          [CqrsAttributes.DB_SYSTEM]:
            tx.manager.connection.options.type === 'postgres' ? 'postgresql' : 'sqlite',
          [CqrsAttributes.STREAM_ID]: request.streamId,
          [CqrsAttributes.STREAM_TYPE]: request.streamType,
          [CqrsAttributes.EXPECTED_VERSION]: request.expectedVersion,
          [CqrsAttributes.STREAM_VERSION]: result.version,
          [CqrsAttributes.EVENTS]: request.events.length,
          [CqrsAttributes.EVENT_TYPES]: request.events.map((event) => eventClassOf(event).type),
          [CqrsAttributes.POSITION]: String(result.position),
        });
        if (tx.groupSize !== undefined) span.setAttribute(CqrsAttributes.GROUP_COMMIT_SIZE, tx.groupSize);
      }
      return result;
    });
  }

  private async appendEvents(tx: Transaction, request: AppendRequest): Promise<AppendResult> {
    const { streamId, streamType, expectedVersion, events, commit } = request;
    const memo = appendMemoOf(tx);
    if (memo.group && !commit) throw new NotGroupable('a write follows the append');
    const actualVersion = await this.streamVersion(tx, streamId);
    if (actualVersion !== expectedVersion) {
      throw new StreamVersionMismatch(streamId, expectedVersion, actualVersion);
    }
    const context = CommandContext.current();
    const occurredAt = new Date().toISOString();
    // The append's own span (active here): a processor of these events continues from it.
    const traceparent = activeTraceParent();
    const dialect = eventLogDialectOf(tx.manager);
    if (!memo.readyToInsert) {
      await dialect.beforeInsert(tx);
      memo.readyToInsert = true;
    }
    const types: string[] = [];
    const rows = events.map((event, index) => {
      const { type, schemaVersion, data } = this.registry.serialize(event);
      types.push(type);
      return {
        streamId,
        streamType,
        version: expectedVersion + index + 1,
        type,
        schemaVersion,
        data,
        eventId: newId(),
        commandId: context.commandId,
        correlationId: context.correlationId,
        causationId: context.causationId,
        occurredAt,
        traceparent,
      };
    });
    const version = expectedVersion + events.length;
    let positions: number[];
    try {
      positions = await (memo.group?.append(rows) ?? dialect.insert(tx, rows, { commit }));
    } catch (error) {
      // A concurrent writer (PostgreSQL) took one of these versions between our check and our insert.
      if (isUniqueViolation(error)) throw new StreamVersionMismatch(streamId, expectedVersion, version);
      throw error;
    }
    const position = positions[positions.length - 1];
    memo.versions.set(streamId, version);
    tx.afterCommit(() => {
      this.tail.offer(rows, positions);
      this.committedTypesSubject.next(types);
      this.appendedSubject.next(position);
    });
    return { version, position };
  }

  /** Locks the stream (PostgreSQL) and remembers what the lock's round trip learned with it. */
  async lockStream(tx: Transaction, streamId: string): Promise<void> {
    const memo = appendMemoOf(tx);
    if (memo.group?.stream === streamId) return;
    // A second lock, taken after the group's, could wait crosswise with another transaction's.
    if (memo.group) throw new NotGroupable('it locks a stream the group did not');
    const locked = await eventLogDialectOf(tx.manager).lockStream(tx, streamId);
    if (!locked) return;
    memo.versions.set(streamId, locked.version);
    if (locked.readyToInsert) memo.readyToInsert = true;
  }

  async openGroup(tx: Transaction, streamIds: readonly string[]): Promise<AppendGroup | undefined> {
    const dialect = eventLogDialectOf(tx.manager);
    const versions = await dialect.lockStreams(tx, streamIds);
    if (!versions) return undefined;
    return new AppendGroup(
      tx,
      versions,
      (rows) => dialect.insert(tx, rows, { commit: true }),
      streamIds.length,
    );
  }

  /** Answered from what this transaction knows already (see AppendMemo), else read and remembered. */
  async streamVersion(tx: Transaction, streamId: string): Promise<number> {
    const memo = appendMemoOf(tx);
    const known = memo.versions.get(streamId);
    if (known !== undefined) return known;
    const version = await eventLogDialectOf(tx.manager).streamVersion(tx, streamId);
    memo.versions.set(streamId, version);
    return version;
  }

  readSnapshot(tx: Transaction, streamId: string): Promise<StreamSnapshot | undefined> {
    this.refusePendingRead(tx, streamId);
    return eventLogDialectOf(tx.manager).readSnapshot(tx, streamId);
  }

  saveSnapshot(tx: Transaction, snapshot: StreamSnapshot): Promise<void> {
    return eventLogDialectOf(tx.manager).saveSnapshot(tx, snapshot);
  }

  async readStream(
    streamId: string,
    { afterVersion = 0, limit, tx }: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    this.refusePendingRead(tx, streamId);
    const manager: EntityManager = tx?.manager ?? this.log.manager;
    const rows = await eventLogDialectOf(manager).readStream(manager, streamId, afterVersion, limit);
    return rows.map((row) => recordedOf(this.registry, row));
  }

  async browseStream(
    streamId: string,
    { afterVersion = 0, limit, tx }: ReadStreamOptions = {},
  ): Promise<Array<RecordedEvent | UnreadableEvent>> {
    this.refusePendingRead(tx, streamId);
    const manager: EntityManager = tx?.manager ?? this.log.manager;
    const rows = await eventLogDialectOf(manager).readStream(manager, streamId, afterVersion, limit);
    return rows.map((row) => browsedOf(this.registry, row));
  }

  /** A member of a group commit may not read a stream whose rows the group has still to insert. */
  private refusePendingRead(tx: Transaction | undefined, streamId: string): void {
    if (tx && appendMemoOf(tx).group?.readsPending(streamId))
      throw new NotGroupable('it reads a stream the group has still to write');
  }

  async readLog(options: ReadLogOptions): Promise<RecordedEvent[]> {
    if (options.types?.length === 0) return [];
    const fromTail = await this.tail.read(options);
    if (fromTail) return fromTail;
    const rows = await eventLogDialectOf(this.log.manager).readLog(this.log.manager, options);
    return rows.map((row) => recordedOf(this.registry, row));
  }

  /** Gap-safe on both databases: see the dialects. Shared by concurrent callers: see SharedRead. */
  headPosition(): Promise<number> {
    return this.head.get();
  }
}
