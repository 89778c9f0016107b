import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EventStore, LOG_READER, type Transaction, WriteTransactions } from '../../src/core/index.js';
import { InventoryItemCreatedEvent, ItemsCheckedInEvent } from '../../src/inventory/index.js';
import { StreamVersionMismatch } from '../../src/core/event-store/event-store.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The stream's version comes with its lock, in the same round trip (postgres.dialect.ts), and the
 * transaction answers it from memory afterwards (append-memo.ts): neither may go stale.
 */
describe('the stream version read with the stream lock on PostgreSQL', () => {
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

  const create = (tx: Transaction, id: string) =>
    eventStore.append(tx, {
      streamId: id,
      streamType: 'InventoryItem',
      expectedVersion: 0,
      events: [new InventoryItemCreatedEvent(id, 'Widget', null)],
    });
  const checkIn = (tx: Transaction, id: string, expectedVersion: number) =>
    eventStore.append(tx, {
      streamId: id,
      streamType: 'InventoryItem',
      expectedVersion,
      events: [new ItemsCheckedInEvent(id, 1)],
    });

  /** Resolves once some transaction waits for an advisory lock. */
  async function someoneWaitsForALock(): Promise<void> {
    for (let tries = 0; tries < 500; tries++) {
      const [{ waiting }] = (await log.query(
        `SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
      )) as { waiting: number }[];
      if (waiting > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('nobody waits for the stream lock');
  }

  it('sees the commit of the writer it waited for (not the snapshot from before the lock)', async () => {
    const id = randomUUID();
    let commitFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
    let firstLocked!: () => void;
    const firstHoldsTheLock = new Promise<void>((resolve) => (firstLocked = resolve));
    const first = writes.run(async (tx) => {
      await eventStore.lockStream(tx, id);
      await create(tx, id);
      firstLocked();
      await firstMayCommit;
    });
    await firstHoldsTheLock;

    const second = writes.run(async (tx) => {
      await eventStore.lockStream(tx, id);
      const version = await eventStore.streamVersion(tx, id);
      return { version, appended: await checkIn(tx, id, version) };
    });
    await someoneWaitsForALock();
    commitFirst();
    await first;

    const { version, appended } = await second;
    expect(version).toBe(1);
    expect(appended.version).toBe(2);
  });

  it('refuses an append built on a version remembered before another writer committed', async () => {
    const id = randomUUID();
    await writes.run((tx) => create(tx, id));

    // A reads the version without the stream's lock (as nothing in the application does) and so
    // remembers 1; B appends version 2 and commits meanwhile.
    let appendStale!: () => void;
    const staleMayAppend = new Promise<void>((resolve) => (appendStale = resolve));
    let remembered!: () => void;
    const aRemembers = new Promise<void>((resolve) => (remembered = resolve));
    const stale = writes.run(async (tx) => {
      const version = await eventStore.streamVersion(tx, id);
      remembered();
      await staleMayAppend;
      return checkIn(tx, id, version);
    });
    await aRemembers;
    await writes.run(async (tx) => {
      await eventStore.lockStream(tx, id);
      await checkIn(tx, id, await eventStore.streamVersion(tx, id));
    });
    appendStale();

    await expect(stale).rejects.toBeInstanceOf(StreamVersionMismatch);
    const stored = await eventStore.readStream(id);
    expect(stored.map((recorded) => recorded.version)).toEqual([1, 2]);
    // A new transaction remembers nothing: it reads the stream's version again.
    await expect(writes.run((tx) => eventStore.streamVersion(tx, id))).resolves.toBe(2);
  });
});
