/** Fixtures of the processor runtime's specs: a counters projection, a recording reactor, a log in memory. */
import type { Logger } from '@nestjs/common';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { CORE_SCHEMAS } from '../core.schemas.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DomainEvent, type RecordedEvent } from '../domain/domain-event.js';
import type { EventStore, ReadLogOptions } from '../event-store/event-store.js';
import { CheckpointEntity } from '../projections/checkpoint.entity.js';
import { Projection } from '../projections/projection.js';
import { Checkpoints } from '../processors/checkpoints.js';
import { ProcessorRunner } from '../processors/processor-runner.js';
import { ProjectionWork } from '../processors/projection-work.js';
import { Reactor } from '../processors/reactor.js';
import { ReactorCheckpointEntity } from '../processors/reactor-checkpoint.entity.js';
import { ReactorWork } from '../processors/reactor-work.js';
import type { ViewCache } from '../projections/view-cache.js';

@Entity('counter_rows')
export class CounterRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'integer' })
  count: number;
}

export class Started extends DomainEvent {
  static readonly type = 'Started';
  static readonly schemaVersion = 1;
}
export class Counted extends DomainEvent {
  static readonly type = 'Counted';
  static readonly schemaVersion = 1;
}

export const QUICK_RETRY = { attempts: 3, firstDelayMs: 5, maxDelayMs: 5 };

export class CounterProjection extends Projection {
  readonly name = 'counters';
  readonly views = [CounterRow];
  override readonly retry = QUICK_RETRY;

  constructor() {
    super();
    this.rows(CounterRow, ({ streamId }) => streamId)
      .insert(Started, (_, { streamId }) => ({ id: streamId, count: 0 }))
      .update(Counted, (_, row) => ({ count: row.count + 1 }));
  }
}

/** Records what it was handed; `react` decides each reaction. */
export class RecordingReactor extends Reactor {
  readonly name = 'recorder';
  override readonly retry = QUICK_RETRY;
  readonly handled: number[] = [];

  constructor(react: (recorded: RecordedEvent) => Promise<void> = async () => undefined) {
    super();
    this.on(Counted, async (_, recorded) => {
      await react(recorded);
      this.handled.push(recorded.position);
    });
  }
}

export function recordedAt(streamId: string, event: DomainEvent, position: number): RecordedEvent {
  const { type } = event.constructor as unknown as { type: string };
  return {
    position,
    streamId,
    streamType: 'Counter',
    version: position,
    type,
    schemaVersion: 1,
    event,
    metadata: {} as RecordedEvent['metadata'],
  };
}

/** A log in memory: just what the runner reads; `gate` can hold a read until a test lets it go. */
export function memoryLog(
  events: Array<[string, DomainEvent]>,
  gate?: { head?: Promise<void>; read?: Promise<void> },
) {
  const log = events.map(([streamId, event], index) => recordedAt(streamId, event, index + 1));
  const reads: ReadLogOptions[] = [];
  const eventStore = {
    headPosition: async () => {
      await gate?.head;
      return log.length;
    },
    readLog: async (options: ReadLogOptions) => {
      reads.push(options);
      await gate?.read;
      const { after, upTo, limit, types } = options;
      return log
        .filter(
          ({ position, type }) => position > after && position <= upTo && (!types || types.includes(type)),
        )
        .slice(0, limit);
    },
  } as unknown as EventStore;
  /** Appends an event at the next position (the runner sees it once woken). */
  const append = (streamId: string, event: DomainEvent) =>
    log.push(recordedAt(streamId, event, log.length + 1));
  return { eventStore, reads, append };
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

export const quiet = {
  log: () => undefined,
  error: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
} as unknown as Logger;
export const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5000) throw new Error('timed out');
    await settle(5);
  }
}

/** An in-memory SQLite with both stores' core tables and the counters view, and runners on it. */
export async function processorDatabase() {
  const dataSource = await new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: [CounterRow, ...CORE_SCHEMAS.read.entities, ...CORE_SCHEMAS.write.entities],
    migrations: [...CORE_SCHEMAS.read.migrations, ...CORE_SCHEMAS.write.migrations],
    migrationsRun: true,
  }).initialize();
  // The view of these specs alone: the schema comes from SQL, as a migration would write it.
  await dataSource.query(
    'CREATE TABLE counter_rows (id varchar(36) PRIMARY KEY NOT NULL, count integer NOT NULL)',
  );
  const store = () => new TransactionRunner(dataSource);
  return {
    dataSource,
    projectionCheckpoint: () => dataSource.manager.findOneBy(CheckpointEntity, { name: 'counters' }),
    reactorCheckpoint: () => dataSource.manager.findOneBy(ReactorCheckpointEntity, { name: 'recorder' }),
    rows: () => dataSource.getRepository(CounterRow).find({ order: { id: 'ASC' } }),
    projector: (eventStore: EventStore, cache?: ViewCache) =>
      new ProcessorRunner(
        new ProjectionWork(
          new CounterProjection(),
          new Checkpoints(store(), dataSource, CheckpointEntity),
          quiet,
          cache,
        ),
        eventStore,
        quiet,
      ),
    reactor: (eventStore: EventStore, reacting: RecordingReactor) =>
      new ProcessorRunner(
        new ReactorWork(reacting, new Checkpoints(store(), dataSource, ReactorCheckpointEntity), quiet),
        eventStore,
        quiet,
      ),
  };
}
