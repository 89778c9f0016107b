import type { Logger } from '@nestjs/common';
import { jest } from '@jest/globals';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { CORE_SCHEMAS } from '../core.schemas.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DomainEvent, type RecordedEvent } from '../domain/domain-event.js';
import type { EventStore, ReadLogOptions } from '../event-store/event-store.js';
import { CheckpointEntity } from '../projections/checkpoint.entity.js';
import { Projection } from '../projections/projection.js';
import { Checkpoints } from './checkpoints.js';
import { ProcessorRunner } from './processor-runner.js';
import { ProjectionWork } from './projection-work.js';
import { Reactor } from './reactor.js';
import { ReactorCheckpointEntity } from './reactor-checkpoint.entity.js';
import { ReactorWork } from './reactor-work.js';

@Entity('counter_rows')
class CounterRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'integer' })
  count: number;
}

class Started extends DomainEvent {
  static readonly type = 'Started';
  static readonly schemaVersion = 1;
}
class Counted extends DomainEvent {
  static readonly type = 'Counted';
  static readonly schemaVersion = 1;
}

const QUICK_RETRY = { attempts: 3, firstDelayMs: 5, maxDelayMs: 5 };

class CounterProjection extends Projection {
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
class RecordingReactor extends Reactor {
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

function recordedAt(streamId: string, event: DomainEvent, position: number): RecordedEvent {
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
function memoryLog(
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
  return { eventStore, reads };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const quiet = {
  log: () => undefined,
  error: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
} as unknown as Logger;
const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5000) throw new Error('timed out');
    await settle(5);
  }
}

describe('ProcessorRunner', () => {
  let dataSource: DataSource;
  const projectionCheckpoint = () => dataSource.manager.findOneBy(CheckpointEntity, { name: 'counters' });
  const reactorCheckpoint = () => dataSource.manager.findOneBy(ReactorCheckpointEntity, { name: 'recorder' });
  const rows = () => dataSource.getRepository(CounterRow).find({ order: { id: 'ASC' } });

  beforeEach(async () => {
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [CounterRow, ...CORE_SCHEMAS.read.entities, ...CORE_SCHEMAS.write.entities],
      migrations: [...CORE_SCHEMAS.read.migrations, ...CORE_SCHEMAS.write.migrations],
      migrationsRun: true,
    }).initialize();
    // The view of this spec alone: the schema comes from SQL, as a migration would write it.
    await dataSource.query(
      'CREATE TABLE counter_rows (id varchar(36) PRIMARY KEY NOT NULL, count integer NOT NULL)',
    );
  });
  afterEach(() => dataSource.destroy());

  const store = () => new TransactionRunner(dataSource);
  const projector = (eventStore: EventStore) =>
    new ProcessorRunner(
      new ProjectionWork(
        new CounterProjection(),
        new Checkpoints(store(), dataSource, CheckpointEntity),
        quiet,
      ),
      eventStore,
      quiet,
    );
  const reactor = (eventStore: EventStore, reacting: RecordingReactor) =>
    new ProcessorRunner(
      new ReactorWork(reacting, new Checkpoints(store(), dataSource, ReactorCheckpointEntity)),
      eventStore,
      quiet,
    );

  describe('as a projector', () => {
    it('folds the batch and moves the checkpoint with the rows', async () => {
      const { eventStore } = memoryLog([
        ['a', new Started()],
        ['a', new Counted()],
        ['b', new Started()],
        ['a', new Counted()],
      ]);
      const runner = projector(eventStore);
      await runner.start();
      await until(() => runner.position === 4);
      await runner.stop();
      expect(runner.status).toBe('stopped');
      expect(await rows()).toEqual([
        { id: 'a', count: 2 },
        { id: 'b', count: 0 },
      ]);
      expect(await projectionCheckpoint()).toMatchObject({
        position: 4,
        lastError: null,
        failedPosition: null,
      });
    });

    it('tries a failing event again, then stops right before it: nothing after it applied, nothing skipped', async () => {
      const { eventStore } = memoryLog([
        ['a', new Started()],
        ['a', new Counted()],
        ['a', new Started()],
        ['a', new Counted()],
      ]);
      const runner = projector(eventStore);
      await runner.start();
      await until(() => runner.status === 'failed');
      expect(runner.lastError).toMatch(/^Started at position 3: .*already has a row with key a/);
      expect(runner.failedPosition).toBe(3);
      expect(runner.position).toBe(2);
      expect(await rows()).toEqual([{ id: 'a', count: 1 }]);
      await settle();
      expect(await projectionCheckpoint()).toMatchObject({ position: 2, failedPosition: 3 });
      // A wake-up changes nothing: it stays failed until an operator acts.
      runner.wake();
      await settle();
      expect(runner.status).toBe('failed');
      await runner.stop();
    });
  });

  describe('stop', () => {
    const events: Array<[string, DomainEvent]> = [
      ['a', new Started()],
      ['a', new Counted()],
    ];

    it('is sticky while the head position is awaited: nothing is read or applied after it, and no timer is armed', async () => {
      const head = deferred();
      const { eventStore, reads } = memoryLog(events, { head: head.promise });
      const runner = projector(eventStore);
      await runner.start();
      const realSetTimeout = global.setTimeout;
      const timers = jest.spyOn(global, 'setTimeout');
      const stopped = runner.stop();
      head.resolve();
      await stopped;
      // Longer than the idle save's delay, on a clock of its own.
      await new Promise((resolve) => realSetTimeout(resolve, 250));
      expect(runner.status).toBe('stopped');
      expect(reads).toEqual([]);
      expect(await rows()).toEqual([]);
      expect(await projectionCheckpoint()).toBeNull();
      expect(timers).not.toHaveBeenCalled();
      timers.mockRestore();
    });

    it('is sticky while a batch is read: the batch is not applied', async () => {
      const read = deferred();
      const { eventStore, reads } = memoryLog(events, { read: read.promise });
      const runner = projector(eventStore);
      await runner.start();
      await until(() => reads.length === 1);
      const stopped = runner.stop();
      read.resolve();
      await stopped;
      await settle();
      expect(runner.status).toBe('stopped');
      expect(await rows()).toEqual([]);
      runner.wake();
      await settle();
      expect(await rows()).toEqual([]);
    });

    it('ends a reactor batch between two reactions, with the checkpoint saved after the last one', async () => {
      const first = deferred();
      const { eventStore } = memoryLog([
        ['a', new Counted()],
        ['a', new Counted()],
        ['a', new Counted()],
      ]);
      const reacting = new RecordingReactor(async ({ position }) => {
        if (position === 1) await first.promise;
      });
      const runner = reactor(eventStore, reacting);
      await runner.start();
      await settle();
      const stopped = runner.stop();
      first.resolve();
      await stopped;
      await settle();
      expect(reacting.handled).toEqual([1]);
      expect(await reactorCheckpoint()).toMatchObject({ position: 1 });
    });

    it('wins over a start still loading its checkpoint', async () => {
      const { eventStore, reads } = memoryLog(events);
      const runner = projector(eventStore);
      const starting = runner.start();
      await runner.stop();
      await starting;
      await settle();
      expect(runner.status).toBe('stopped');
      expect(reads).toEqual([]);
    });
  });

  describe('as a reactor', () => {
    it('retries a failing reaction, then stops right before its event; later events wait', async () => {
      const { eventStore } = memoryLog([
        ['a', new Counted()],
        ['a', new Started()],
        ['a', new Counted()],
        ['a', new Counted()],
      ]);
      let attempts = 0;
      const reacting = new RecordingReactor(async ({ position }) => {
        if (position === 3) {
          attempts += 1;
          throw new Error('the other service said no');
        }
      });
      const runner = reactor(eventStore, reacting);
      await runner.start();
      await until(() => runner.status === 'failed');
      expect(attempts).toBe(QUICK_RETRY.attempts);
      expect(reacting.handled).toEqual([1]);
      expect(runner.lastError).toBe('Counted at position 3: the other service said no');
      await settle();
      expect(await reactorCheckpoint()).toMatchObject({ position: 2, failedPosition: 3 });
      await runner.stop();
    });

    it('goes on from where another process moved its checkpoint, never moving it back', async () => {
      const { eventStore } = memoryLog([
        ['a', new Counted()],
        ['a', new Counted()],
        ['a', new Counted()],
      ]);
      const hold = deferred();
      const reacting = new RecordingReactor(async ({ position }) => {
        if (position === 1) await hold.promise;
      });
      const runner = reactor(eventStore, reacting);
      await runner.start();
      await settle();
      // Meanwhile another process (which took over) has got further than this one will.
      await dataSource.manager.upsert(
        ReactorCheckpointEntity,
        { name: 'recorder', position: 5, updatedAt: new Date().toISOString() },
        ['name'],
      );
      hold.resolve();
      await until(() => runner.position === 5);
      await runner.stop();
      expect(reacting.handled).toEqual([1, 2, 3]);
      expect(await reactorCheckpoint()).toMatchObject({ position: 5 });
    });
  });
});

describe('Checkpoints', () => {
  let dataSource: DataSource;
  let checkpoints: Checkpoints;
  beforeEach(async () => {
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: CORE_SCHEMAS.read.entities,
      migrations: CORE_SCHEMAS.read.migrations,
      migrationsRun: true,
    }).initialize();
    checkpoints = new Checkpoints(new TransactionRunner(dataSource), dataSource, CheckpointEntity);
  });
  afterEach(() => dataSource.destroy());

  it('moves only from where its runner left it, and never backwards', async () => {
    await dataSource.transaction((manager) => checkpoints.move(manager, 'p', 0, 5));
    await expect(dataSource.transaction((manager) => checkpoints.move(manager, 'p', 0, 7))).rejects.toThrow(
      'by another runner',
    );
    await expect(dataSource.transaction((manager) => checkpoints.move(manager, 'p', 5, 4))).rejects.toThrow(
      'cannot move back',
    );
    expect((await checkpoints.load('p'))?.position).toBe(5);
  });

  it('skips only the event it failed on', async () => {
    await dataSource.transaction((manager) => checkpoints.move(manager, 'p', 0, 5));
    await checkpoints.fail('p', 5, 8, 'Counted at position 8: no');
    for (const position of [7, 9]) {
      expect(await dataSource.transaction((manager) => checkpoints.skip(manager, 'p', position))).toBe(false);
    }
    expect(await dataSource.transaction((manager) => checkpoints.skip(manager, 'p', 8))).toBe(true);
    expect(await checkpoints.load('p')).toMatchObject({ position: 8, failedPosition: null, lastError: null });
    expect(await dataSource.transaction((manager) => checkpoints.skip(manager, 'p', 8))).toBe(false);
  });
});
