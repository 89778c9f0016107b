import { Inject, Injectable } from '@nestjs/common';
import type { Span } from '@opentelemetry/api';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Transaction } from '../database/transaction-runner.js';
import { EventSourcedAggregate } from '../domain/aggregate-root.js';
import type { CommandResult } from '../domain/command-result.js';
import { type NotFoundError, VersionConflictError } from '../domain/domain-error.js';
import { EventStore } from '../event-store/event-store.js';
import { CqrsAttributes, inSpan } from '../tracing/tracer.js';
import type { AggregateRepository } from './aggregate-repository.js';
import { AggregateCache, type CachedAggregate } from './aggregate-cache.js';
import { CommandTransactions } from './command-transactions.js';

/** The class of an event-sourced aggregate, with what the repository needs to know of it. */
export interface EventSourcedType<A extends EventSourcedAggregate = EventSourcedAggregate> {
  new (id: string): A;
  /** Stored with each event; also names the aggregate in errors. */
  readonly streamType: string;
  /** Version of the aggregate's snapshot format: snapshots of another version are ignored. */
  readonly snapshotSchemaVersion: number;
  /** The error for an id with no such aggregate (none, or a stream of another type): the query side throws it too. */
  notFound(id: string): NotFoundError;
}

/** Its commands write nothing but their append (a snapshot aside, which the group sends alone). */
const GROUPABLE = { groupable: true };

interface Loaded<A> {
  readonly aggregate: A;
  readonly snapshotVersion: number;
}

/**
 * Loads an event-sourced aggregate from its latest snapshot plus the newer events, and appends what
 * it decided. A snapshot is taken every `snapshotEvery` events, so a load reads at most that many.
 */
@Injectable()
export class EventSourcedRepository implements AggregateRepository<EventSourcedType, EventSourcedAggregate> {
  constructor(
    private readonly eventStore: EventStore,
    private readonly commands: CommandTransactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cache = new AggregateCache(config.aggregateCacheSize);
  }

  private readonly cache: AggregateCache;

  create<A extends EventSourcedAggregate>(
    type: EventSourcedType<A>,
    id: string,
    factory: () => A,
  ): Promise<CommandResult> {
    return this.commands.run(
      id,
      undefined,
      async (tx, last) => {
        const aggregate = factory();
        if ((await this.eventStore.streamVersion(tx, id)) > 0)
          return this.commands.repeatedCreate(tx, id, aggregate.getUncommittedEvents());
        return this.save(tx, type, aggregate, 0, last);
      },
      GROUPABLE,
    );
  }

  update<A extends EventSourcedAggregate>(
    type: EventSourcedType<A>,
    id: string,
    expectedVersion: number | undefined,
    decide: (aggregate: A) => void,
  ): Promise<CommandResult> {
    return this.commands.run(
      id,
      expectedVersion,
      async (tx, last) => {
        const { aggregate, snapshotVersion } = await this.load(tx, type, id);
        if (expectedVersion !== undefined && expectedVersion !== aggregate.version) {
          throw new VersionConflictError(id, expectedVersion, aggregate.version);
        }
        decide(aggregate);
        return this.save(tx, type, aggregate, snapshotVersion, last);
      },
      GROUPABLE,
    );
  }

  /** Loads inside a write transaction, for a handler that must decide on current state. */
  load<A extends EventSourcedAggregate>(
    tx: Transaction,
    type: EventSourcedType<A>,
    id: string,
  ): Promise<Loaded<A>> {
    return inSpan(`load ${type.streamType}`, {}, (span) => this.loadInto(tx, type, id, span));
  }

  private async loadInto<A extends EventSourcedAggregate>(
    tx: Transaction,
    type: EventSourcedType<A>,
    id: string,
    span: Span,
  ): Promise<Loaded<A>> {
    const aggregate = new type(id);
    let snapshotVersion = 0;
    let source = 'log';
    // In a group commit, the state an earlier command of the group left this stream in (not committed yet).
    const handedOver = tx.handOver?.get(id) as CachedAggregate | undefined;
    let cached = handedOver ?? this.cache.get(id);
    const current = cached?.type === type ? await this.eventStore.streamVersion(tx, id) : undefined;
    if (!handedOver && cached && current !== undefined && cached.version < current) {
      await this.cache.settled(id, current);
      cached = this.cache.get(id);
    }
    if (cached && current !== undefined && cached.version <= current) {
      aggregate.restoreFromSnapshot(JSON.parse(cached.state), cached.version);
      snapshotVersion = cached.snapshotVersion;
      source = 'cache';
    } else {
      const snapshot = await this.eventStore.readSnapshot(tx, id);
      if (snapshot && snapshot.streamType !== type.streamType) throw type.notFound(id);
      if (snapshot && snapshot.schemaVersion === type.snapshotSchemaVersion) {
        aggregate.restoreFromSnapshot(JSON.parse(snapshot.state), snapshot.version);
        snapshotVersion = snapshot.version;
        source = 'snapshot';
      }
    }
    const events =
      source === 'cache' && cached?.version === current
        ? []
        : await this.eventStore.readStream(id, { afterVersion: aggregate.version, tx });
    // An id of another kind of aggregate is no aggregate of this type: not found, never replayed into it.
    if (events.some((recorded) => recorded.streamType !== type.streamType)) throw type.notFound(id);
    aggregate.loadFromHistory(events.map((recorded) => recorded.event));
    if (span.isRecording()) {
      span.setAttributes({
        [CqrsAttributes.STREAM_ID]: id,
        [CqrsAttributes.STREAM_TYPE]: type.streamType,
        [CqrsAttributes.STREAM_VERSION]: aggregate.version,
        [CqrsAttributes.EVENTS]: events.length,
        [CqrsAttributes.LOADED_FROM]: source,
      });
    }
    if (aggregate.version === 0) throw type.notFound(id);
    return { aggregate, snapshotVersion };
  }

  private async save<A extends EventSourcedAggregate>(
    tx: Transaction,
    type: EventSourcedType<A>,
    aggregate: A,
    snapshotVersion: number,
    last: boolean,
  ): Promise<CommandResult> {
    const events = aggregate.getUncommittedEvents();
    if (events.length === 0)
      throw new Error(`${type.streamType} ${aggregate.id}: a command must record an event`);
    const after = aggregate.persistedVersion + events.length;
    // A snapshot is a write after the append, which a command in a group commit cannot make (it would
    // run again alone, and so would every later command of its stream in that group): there it waits
    // for up to twice the interval, so a load still replays at most 2 x snapshotEvery events.
    const interval = this.config.snapshotEvery * (tx.handOver ? 2 : 1);
    const snapshotDue = after - snapshotVersion >= interval;
    // Transactions run side by side (PostgreSQL): the next writer of this stream may be granted its
    // lock before this process has read our COMMIT's answer (even our INSERT's, when it carries the
    // COMMIT), and then waits for our commit rather than read our events back. Told before the append.
    let settle: (() => void) | undefined;
    if (tx.whenEnded) {
      this.cache.expect(aggregate.id, after, new Promise<void>((resolve) => (settle = resolve)));
      tx.whenEnded(() => setImmediate(() => settle?.()));
    }
    // The state after these events (the aggregate has applied them): for the next command of this
    // stream in the same group commit, which must decide on it before it is committed.
    const state = JSON.stringify(aggregate.toSnapshot());
    const handOver = tx.handOver;
    const before = handOver?.get(aggregate.id);
    handOver?.set(aggregate.id, { type, version: after, state, snapshotVersion });
    let appended: { version: number; position: number };
    try {
      appended = await this.eventStore.append(tx, {
        streamId: aggregate.id,
        streamType: type.streamType,
        expectedVersion: aggregate.persistedVersion,
        events,
        // Nothing follows the append unless a snapshot is due: it may carry the COMMIT.
        commit: last && !snapshotDue,
      });
    } catch (error) {
      if (before) handOver?.set(aggregate.id, before);
      else handOver?.delete(aggregate.id);
      throw error;
    }
    const { version, position } = appended;
    aggregate.uncommit();
    if (snapshotDue) {
      snapshotVersion = version;
      await this.eventStore.saveSnapshot(tx, {
        streamId: aggregate.id,
        streamType: type.streamType,
        version,
        schemaVersion: type.snapshotSchemaVersion,
        state,
        takenAt: new Date().toISOString(),
      });
    }
    tx.afterCommit(() => {
      this.cache.set(aggregate.id, { type, version, state, snapshotVersion });
      settle?.();
    });
    return { id: aggregate.id, version, position: String(position) };
  }
}
