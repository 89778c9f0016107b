import type { Logger } from '@nestjs/common';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { CORE_SCHEMAS } from '../core.schemas.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DomainEvent, type RecordedEvent } from '../domain/domain-event.js';
import type { EventStore, ReadLogOptions } from '../event-store/event-store.js';
import { CheckpointEntity } from './checkpoint.entity.js';
import { Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';

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

class CounterProjection extends Projection {
  readonly name = 'counters';
  readonly views = [CounterRow];

  constructor() {
    super();
    this.rows(CounterRow, ({ streamId }) => streamId)
      .insert(Started, (_, { streamId }) => ({ id: streamId, count: 0 }))
      .update(Counted, (_, row) => ({ count: row.count + 1 }));
  }
}

/** A log in memory: just what the runner reads. */
function memoryLog(events: Array<[string, DomainEvent]>): EventStore {
  const log: RecordedEvent[] = events.map(([streamId, event], index) => ({
    position: index + 1,
    streamId,
    streamType: 'Counter',
    version: index + 1,
    type: (event.constructor as unknown as { type: string }).type,
    schemaVersion: 1,
    event,
    metadata: {} as RecordedEvent['metadata'],
  }));
  return {
    headPosition: async () => log.length,
    readLog: async ({ after, upTo, limit, types }: ReadLogOptions) =>
      log
        .filter(
          ({ position, type }) => position > after && position <= upTo && (!types || types.includes(type)),
        )
        .slice(0, limit),
  } as unknown as EventStore;
}

describe('ProjectionRunner with row rules', () => {
  let dataSource: DataSource;
  const checkpoint = () => dataSource.manager.findOneBy(CheckpointEntity, { name: 'counters' });
  const rows = () => dataSource.getRepository(CounterRow).find({ order: { id: 'ASC' } });

  beforeEach(async () => {
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [CounterRow, ...CORE_SCHEMAS.read.entities],
      migrations: CORE_SCHEMAS.read.migrations,
      migrationsRun: true,
    }).initialize();
    // The view of this spec alone: the schema comes from SQL, as a migration would write it.
    await dataSource.query(
      'CREATE TABLE counter_rows (id varchar(36) PRIMARY KEY NOT NULL, count integer NOT NULL)',
    );
  });
  afterEach(() => dataSource.destroy());

  async function run(events: Array<[string, DomainEvent]>): Promise<ProjectionRunner> {
    const quiet = {
      error: () => undefined,
      warn: () => undefined,
      debug: () => undefined,
    } as unknown as Logger;
    const runner = new ProjectionRunner(
      new CounterProjection(),
      memoryLog(events),
      new TransactionRunner(dataSource),
      quiet,
    );
    await runner.start();
    while (runner.status !== 'failed' && runner.position < events.length) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await runner.stop();
    return runner;
  }

  it('folds the batch and moves the checkpoint with the rows', async () => {
    const runner = await run([
      ['a', new Started()],
      ['a', new Counted()],
      ['b', new Started()],
      ['a', new Counted()],
    ]);
    expect(runner.status).toBe('stopped');
    expect(await rows()).toEqual([
      { id: 'a', count: 2 },
      { id: 'b', count: 0 },
    ]);
    expect(await checkpoint()).toMatchObject({ position: 4, lastError: null });
  });

  it('stops right before a failing event: the events before it applied, none after, nothing skipped', async () => {
    const runner = await run([
      ['a', new Started()],
      ['a', new Counted()],
      ['a', new Started()],
      ['a', new Counted()],
    ]);
    expect(runner.status).toBe('failed');
    expect(runner.lastError).toMatch(/^Started at position 3: .*already has a row with key a/);
    expect(await rows()).toEqual([{ id: 'a', count: 1 }]);
    expect(await checkpoint()).toMatchObject({ position: 2 });
  });
});
