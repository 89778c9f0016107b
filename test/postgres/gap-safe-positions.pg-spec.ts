import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EventStore, LOG_READER, type Transaction, WriteTransactions } from '../../src/core/index.js';
import { InventoryItemCreatedEvent } from '../../src/inventory/index.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** A consumer as every runner reads the log: up to the head it is given, after its checkpoint. */
class LogConsumer {
  readonly seen: number[] = [];

  constructor(
    private readonly eventStore: EventStore,
    private checkpoint: number,
  ) {}

  async poll(): Promise<void> {
    const head = await this.eventStore.headPosition();
    if (head <= this.checkpoint) return;
    const events = await this.eventStore.readLog({ after: this.checkpoint, upTo: head, limit: 10_000 });
    this.seen.push(...events.map((recorded) => recorded.position));
    this.checkpoint = head;
  }
}

/** A writer holding its transaction open a few milliseconds, so that commits interleave. */
const linger = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 5));

describe('gap-safe log positions on PostgreSQL', () => {
  let testApp: TestApp;
  let eventStore: EventStore;
  let writes: WriteTransactions;
  let log: DataSource;

  beforeAll(async () => {
    testApp = await createTestApp();
    eventStore = testApp.app.get(EventStore);
    writes = testApp.app.get(WriteTransactions);
    log = testApp.app.get<DataSource>(getDataSourceToken(LOG_READER));
  });
  afterAll(() => testApp.close());

  const appendItem = (tx: Transaction, id = randomUUID()) =>
    eventStore.append(tx, {
      streamId: id,
      streamType: 'InventoryItem',
      expectedVersion: 0,
      events: [new InventoryItemCreatedEvent(id, 'Widget', null)],
    });

  it('runs on PostgreSQL', () => {
    expect(log.options.type).toBe('postgres');
  });

  it('never lets a consumer pass a lower position that commits last', async () => {
    const consumer = new LogConsumer(eventStore, await eventStore.headPosition());

    // T2 gets its transaction id first (as a command that wrote a state row before appending).
    let secondMayAppend!: () => void;
    const secondAppends = new Promise<void>((resolve) => (secondMayAppend = resolve));
    let secondStarted!: () => void;
    const secondHasXid = new Promise<void>((resolve) => (secondStarted = resolve));
    const second = writes.run(async (tx) => {
      await tx.manager.query('SELECT pg_current_xact_id()');
      secondStarted();
      await secondAppends;
      return (await appendItem(tx)).position;
    });
    await secondHasXid;

    // T1 takes the lower position and stays open.
    let commitFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
    let firstAppended!: (position: number) => void;
    const firstPosition = new Promise<number>((resolve) => (firstAppended = resolve));
    const first = writes.run(async (tx) => {
      const { position } = await appendItem(tx);
      firstAppended(position);
      await firstMayCommit;
      return position;
    });
    const lower = await firstPosition;

    // T2 takes a higher position and commits while T1 is still open.
    secondMayAppend();
    const higher = await second;
    expect(higher).toBeGreaterThan(lower);
    const committed = (await log.query('SELECT position FROM event_log WHERE position = $1', [
      higher,
    ])) as unknown[];
    expect(committed).toHaveLength(1);

    // A consumer polls now: it must not move past T1's position. Given time to do so, T1 commits.
    const polled = consumer.poll();
    await Promise.race([polled, new Promise((resolve) => setTimeout(resolve, 300))]);
    commitFirst();
    expect(await first).toBe(lower);
    await polled;
    await consumer.poll();

    expect(consumer.seen).toEqual([lower, higher]);
  });

  it('delivers every event of many concurrent appends exactly once, in position order', async () => {
    const consumer = new LogConsumer(eventStore, await eventStore.headPosition());
    const load = { appending: true };
    const polling = (async () => {
      while (load.appending) await consumer.poll();
    })();
    // Transaction ids, positions and commits in shuffled orders: some writers get their transaction
    // id early, and all linger a little before and after appending.
    const positions = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        writes.run(async (tx) => {
          if (index % 2 === 0) await tx.manager.query('SELECT pg_current_xact_id()');
          await linger();
          const { position } = await appendItem(tx);
          await linger();
          return position;
        }),
      ),
    );
    load.appending = false;
    await polling;
    await consumer.poll();

    expect(consumer.seen).toEqual([...positions].sort((a, b) => a - b));
  });
});
