import { Injectable } from '@nestjs/common';
import type { Transaction } from '../database/transaction-runner.js';
import type { CommandResult } from '../domain/command-result.js';
import { type NotFoundError, VersionConflictError } from '../domain/domain-error.js';
import type { StateStoredAggregate } from '../domain/state-stored-aggregate.js';
import { EventStore, StreamVersionMismatch } from '../event-store/event-store.js';
import { CqrsAttributes, inSpan } from '../tracing/tracer.js';
import type { AggregateRepository } from './aggregate-repository.js';
import { CommandTransactions } from './command-transactions.js';

/** The write-model row of a state-stored aggregate: its id and the version of its state. */
export interface StateRow {
  id: string;
  version: number;
}

/** How a state-stored aggregate maps to its TypeORM row; the feature module provides it. */
export interface StateStoredType<
  A extends StateStoredAggregate = StateStoredAggregate,
  R extends StateRow = StateRow,
> {
  /** Stored with each event; also names the aggregate in errors. */
  readonly streamType: string;
  readonly entity: new () => R;
  /** The error for an id with no such row; the query side throws it too, so both answer alike. */
  notFound(id: string): NotFoundError;
  /** The row for the aggregate's current state (the repository sets `version`). */
  toRow(aggregate: A): R;
  /** The aggregate from its row (the repository then marks it stored at `row.version`). */
  fromRow(row: R): A;
}

/**
 * Loads a state-stored aggregate from its row and saves the row together with the events it
 * recorded, in ONE write transaction (through CommandTransactions: de-duplication by command id,
 * retry of a lost race). The row's version and the stream's version move together; both are checked,
 * so a concurrent writer loses on whichever it reaches first.
 */
@Injectable()
export class StateStoredRepository implements AggregateRepository<StateStoredType, StateStoredAggregate> {
  constructor(
    private readonly eventStore: EventStore,
    private readonly commands: CommandTransactions,
  ) {}

  create<A extends StateStoredAggregate, R extends StateRow>(
    type: StateStoredType<A, R>,
    id: string,
    factory: () => A,
  ): Promise<CommandResult> {
    return this.commands.run(id, undefined, async (tx) => {
      const aggregate = factory();
      const exists = (await this.eventStore.streamVersion(tx, id)) > 0;
      if (exists) return this.commands.repeatedCreate(tx, id, aggregate.getUncommittedEvents());
      return this.save(tx, type, aggregate);
    });
  }

  update<A extends StateStoredAggregate, R extends StateRow>(
    type: StateStoredType<A, R>,
    id: string,
    expectedVersion: number | undefined,
    decide: (aggregate: A) => void,
  ): Promise<CommandResult> {
    return this.commands.run(id, expectedVersion, async (tx) => {
      const aggregate = await this.load(tx, type, id);
      if (expectedVersion !== undefined && expectedVersion !== aggregate.version) {
        throw new VersionConflictError(id, expectedVersion, aggregate.version);
      }
      decide(aggregate);
      return this.save(tx, type, aggregate);
    });
  }

  /** Loads inside a write transaction; a missing row is a NotFoundError. */
  load<A extends StateStoredAggregate, R extends StateRow>(
    tx: Transaction,
    type: StateStoredType<A, R>,
    id: string,
  ): Promise<A> {
    return inSpan(`load ${type.streamType}`, {}, async (span) => {
      const row = await tx.manager.findOneBy(type.entity, { id } as never);
      if (span.isRecording()) {
        span.setAttributes({
          [CqrsAttributes.STREAM_ID]: id,
          [CqrsAttributes.STREAM_TYPE]: type.streamType,
          [CqrsAttributes.STREAM_VERSION]: row?.version ?? 0,
          [CqrsAttributes.LOADED_FROM]: 'row',
        });
      }
      if (!row) throw type.notFound(id);
      const aggregate = type.fromRow(row);
      aggregate.markStored(row.version);
      return aggregate;
    });
  }

  private async save<A extends StateStoredAggregate, R extends StateRow>(
    tx: Transaction,
    type: StateStoredType<A, R>,
    aggregate: A,
  ): Promise<CommandResult> {
    const events = aggregate.getUncommittedEvents();
    if (events.length === 0)
      throw new Error(`${type.streamType} ${aggregate.id}: a command must record an event`);
    const persisted = aggregate.persistedVersion;
    // The append checks the stream's version first, so a lost race surfaces as StreamVersionMismatch.
    const { version, position } = await this.eventStore.append(tx, {
      streamId: aggregate.id,
      streamType: type.streamType,
      expectedVersion: persisted,
      events,
    });
    const row = { ...type.toRow(aggregate), id: aggregate.id, version };
    if (persisted === 0) {
      await tx.manager.insert(type.entity, row as never);
    } else {
      const updated = await tx.manager.update(
        type.entity,
        { id: aggregate.id, version: persisted } as never,
        row as never,
      );
      if (updated.affected === 0) throw new StreamVersionMismatch(aggregate.id, persisted, version);
    }
    aggregate.markStored(version);
    return { id: aggregate.id, version, position: String(position) };
  }
}
