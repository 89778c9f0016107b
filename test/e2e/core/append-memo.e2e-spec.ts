import { randomUUID } from 'node:crypto';
import { EventStore, WriteTransactions } from '../../../src/core/index.js';
import {
  InventoryItemCreatedEvent,
  ItemsCheckedInEvent,
  ItemsRemovedEvent,
} from '../../../src/inventory/index.js';
import { StreamVersionMismatch } from '../../../src/core/event-store/event-store.js';
import { useTestApp } from '../../support/test-app.js';

/**
 * An append inserts all its events at once (one statement on PostgreSQL) and a write transaction
 * remembers the versions it read and wrote (append-memo.ts): on SQLite and, in
 * `npm run test:postgres`, on PostgreSQL.
 */
describe('appends of several events, and the versions a transaction remembers', () => {
  const ctx = useTestApp();
  const store = () => ctx.testApp.app.get(EventStore);
  const writes = () => ctx.testApp.app.get(WriteTransactions);

  it('stores the events of one append in order: versions 1..n at ascending positions', async () => {
    const id = randomUUID();
    const result = await writes().run((tx) =>
      store().append(tx, {
        streamId: id,
        streamType: 'InventoryItem',
        expectedVersion: 0,
        events: [
          new InventoryItemCreatedEvent(id, 'Widget', null),
          new ItemsCheckedInEvent(id, 5),
          new ItemsRemovedEvent(id, 2),
          new ItemsCheckedInEvent(id, 7),
        ],
      }),
    );

    const stored = await store().readStream(id);
    expect(stored.map((recorded) => [recorded.version, recorded.type])).toEqual([
      [1, InventoryItemCreatedEvent.type],
      [2, ItemsCheckedInEvent.type],
      [3, ItemsRemovedEvent.type],
      [4, ItemsCheckedInEvent.type],
    ]);
    const positions = stored.map((recorded) => recorded.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(4);
    expect(result).toEqual({ version: 4, position: positions[3] });
    expect((stored[3].event as ItemsCheckedInEvent).count).toBe(7);
  });

  it('answers a stream version from what the transaction appended, and refuses a stale expected version', async () => {
    const id = randomUUID();
    const outcome = await writes().run(async (tx) => {
      await store().lockStream(tx, id);
      const before = await store().streamVersion(tx, id);
      await store().append(tx, {
        streamId: id,
        streamType: 'InventoryItem',
        expectedVersion: 0,
        events: [new InventoryItemCreatedEvent(id, 'Widget', null)],
      });
      const after = await store().streamVersion(tx, id);
      // A second append in the same transaction builds on the first.
      const second = await store().append(tx, {
        streamId: id,
        streamType: 'InventoryItem',
        expectedVersion: after,
        events: [new ItemsCheckedInEvent(id, 1), new ItemsCheckedInEvent(id, 2)],
      });
      const stale = await store()
        .append(tx, {
          streamId: id,
          streamType: 'InventoryItem',
          expectedVersion: after,
          events: [new ItemsCheckedInEvent(id, 3)],
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      return { before, after, second: second.version, last: await store().streamVersion(tx, id), stale };
    });

    expect(outcome).toMatchObject({ before: 0, after: 1, second: 3, last: 3 });
    expect(outcome.stale).toBeInstanceOf(StreamVersionMismatch);
    expect((outcome.stale as StreamVersionMismatch).actualVersion).toBe(3);
    expect((await store().readStream(id)).map((recorded) => recorded.version)).toEqual([1, 2, 3]);
  });

  it('gives consumers the events it has just committed as the log stores them', async () => {
    const id = randomUUID();
    const before = await store().headPosition();
    // The process's consumers hold the log's newest rows (LogTail); these appends are offered to it.
    await store().readLog({ after: before, upTo: before, limit: 1 });
    await writes().run((tx) =>
      store().append(tx, {
        streamId: id,
        streamType: 'InventoryItem',
        expectedVersion: 0,
        events: [new InventoryItemCreatedEvent(id, 'Widget "one"', 3), new ItemsCheckedInEvent(id, 2)],
      }),
    );
    await writes().run((tx) =>
      store().append(tx, {
        streamId: id,
        streamType: 'InventoryItem',
        expectedVersion: 2,
        events: [new ItemsRemovedEvent(id, 1)],
      }),
    );
    const head = await store().headPosition();

    const consumed = await store().readLog({ after: before, upTo: head, limit: 100 });
    const stored = await store().readStream(id);
    expect(consumed.filter((recorded) => recorded.streamId === id)).toEqual(stored);
    expect(stored).toHaveLength(3);
  });
});
