import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Subject } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import { CommandContext } from '../context/command-context.js';
import { LOG_READER } from '../database/data-source-names.js';
import { isUniqueViolation } from '../database/dialect.js';
import type { Transaction } from '../database/transaction-runner.js';
import type { DomainEvent, RecordedEvent } from '../domain/domain-event.js';
import { eventLogDialectOf } from './dialects/event-log-dialect-of.js';
import { EventRecordEntity } from './event-record.entity.js';
import {
  type AppendRequest,
  type AppendResult,
  EventStore,
  type ReadLogOptions,
  type ReadStreamOptions,
  StreamVersionMismatch,
  UnreadableEventError,
} from './event-store.js';
import { EventTypeRegistry } from './event-type-registry.js';

@Injectable()
export class TypeOrmEventStore extends EventStore {
  private readonly appendedSubject = new Subject<number>();
  readonly appended = this.appendedSubject.asObservable();

  constructor(
    @InjectDataSource(LOG_READER) private readonly log: DataSource,
    private readonly registry: EventTypeRegistry,
  ) {
    super();
  }

  async append(tx: Transaction, request: AppendRequest): Promise<AppendResult> {
    const { streamId, streamType, expectedVersion, events } = request;
    const actualVersion = await this.streamVersion(tx, streamId);
    if (actualVersion !== expectedVersion) {
      throw new StreamVersionMismatch(streamId, expectedVersion, actualVersion);
    }
    const context = CommandContext.current();
    const occurredAt = new Date().toISOString();
    await eventLogDialectOf(tx.manager).beforeInsert(tx);
    let version = expectedVersion;
    let position = 0;
    for (const event of events) {
      version += 1;
      const { type, schemaVersion, data } = this.registry.serialize(event);
      try {
        const inserted = await tx.manager.insert(EventRecordEntity, {
          streamId,
          streamType,
          version,
          type,
          schemaVersion,
          data,
          eventId: randomUUID(),
          commandId: context.commandId,
          correlationId: context.correlationId,
          causationId: context.causationId,
          occurredAt,
        });
        position = Number(inserted.identifiers[0].position);
      } catch (error) {
        // A concurrent writer (PostgreSQL) took this version between our check and our insert.
        if (isUniqueViolation(error)) throw new StreamVersionMismatch(streamId, expectedVersion, version);
        throw error;
      }
    }
    tx.afterCommit(() => this.appendedSubject.next(position));
    return { version, position };
  }

  lockStream(tx: Transaction, streamId: string): Promise<void> {
    return eventLogDialectOf(tx.manager).lockStream(tx, streamId);
  }

  async streamVersion(tx: Transaction, streamId: string): Promise<number> {
    const row = await tx.manager
      .createQueryBuilder(EventRecordEntity, 'e')
      .select('MAX(e.version)', 'version')
      .where('e.streamId = :streamId', { streamId })
      .getRawOne<{ version: number | string | null }>();
    return Number(row?.version ?? 0);
  }

  async readStream(
    streamId: string,
    { afterVersion = 0, limit, tx }: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    const manager: EntityManager = tx?.manager ?? this.log.manager;
    const query = manager
      .createQueryBuilder(EventRecordEntity, 'e')
      .where('e.streamId = :streamId AND e.version > :afterVersion', { streamId, afterVersion })
      .orderBy('e.version', 'ASC');
    if (limit !== undefined) query.limit(limit);
    const rows = await query.getMany();
    return rows.map((row) => this.toRecorded(row));
  }

  async readLog({ after, upTo, limit, types }: ReadLogOptions): Promise<RecordedEvent[]> {
    if (types?.length === 0) return [];
    const query = this.log.manager
      .createQueryBuilder(EventRecordEntity, 'e')
      .where('e.position > :after AND e.position <= :upTo', { after, upTo })
      .orderBy('e.position', 'ASC')
      .limit(limit);
    if (types) query.andWhere('e.type IN (:...types)', { types });
    const rows = await query.getMany();
    return rows.map((row) => this.toRecorded(row));
  }

  /** Gap-safe on both databases: see the dialects. */
  headPosition(): Promise<number> {
    return eventLogDialectOf(this.log.manager).headPosition(this.log.manager);
  }

  private toRecorded(row: EventRecordEntity): RecordedEvent {
    let event: DomainEvent;
    try {
      event = this.registry.deserialize(row.type, row.schemaVersion, row.data);
    } catch (error) {
      throw new UnreadableEventError(Number(row.position), row.type, error);
    }
    return {
      position: Number(row.position),
      streamId: row.streamId,
      streamType: row.streamType,
      version: row.version,
      type: row.type,
      schemaVersion: row.schemaVersion,
      event,
      metadata: {
        eventId: row.eventId,
        commandId: row.commandId,
        correlationId: row.correlationId,
        causationId: row.causationId,
        occurredAt: row.occurredAt,
      },
    };
  }
}
