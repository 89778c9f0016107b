import { randomUUID } from 'node:crypto';
import type { Transaction } from '../../src/core/index.js';
import { ItemsCheckedInEvent } from '../../src/inventory/index.js';
import { StreamVersionMismatch } from '../../src/core/event-store/event-store.js';
import { logFixture } from './support/log-fixture.js';

/**
 * The stream's version comes with its lock, in the same round trip (postgres.dialect.ts), and the
 * transaction answers it from memory afterwards (append-memo.ts): neither may go stale.
 */
describe('the stream version read with the stream lock on PostgreSQL', () => {
  const pg = logFixture();
  const checkIn = (tx: Transaction, id: string, expectedVersion: number) =>
    pg.eventStore.append(tx, {
      streamId: id,
      streamType: 'InventoryItem',
      expectedVersion,
      events: [new ItemsCheckedInEvent(id, 1)],
    });

  /** Resolves once some transaction waits for an advisory lock. */
  async function someoneWaitsForALock(): Promise<void> {
    for (let tries = 0; tries < 500; tries++) {
      const [{ waiting }] = (await pg.log.query(
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
    const first = pg.writes.run(async (tx) => {
      await pg.eventStore.lockStream(tx, id);
      await pg.appendCreatedItem(tx, id);
      firstLocked();
      await firstMayCommit;
    });
    await firstHoldsTheLock;

    const second = pg.writes.run(async (tx) => {
      await pg.eventStore.lockStream(tx, id);
      const version = await pg.eventStore.streamVersion(tx, id);
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
    await pg.writes.run((tx) => pg.appendCreatedItem(tx, id));

    // A reads the version without the stream's lock (as nothing in the application does) and so
    // remembers 1; B appends version 2 and commits meanwhile.
    let appendStale!: () => void;
    const staleMayAppend = new Promise<void>((resolve) => (appendStale = resolve));
    let remembered!: () => void;
    const aRemembers = new Promise<void>((resolve) => (remembered = resolve));
    const stale = pg.writes.run(async (tx) => {
      const version = await pg.eventStore.streamVersion(tx, id);
      remembered();
      await staleMayAppend;
      return checkIn(tx, id, version);
    });
    await aRemembers;
    await pg.writes.run(async (tx) => {
      await pg.eventStore.lockStream(tx, id);
      await checkIn(tx, id, await pg.eventStore.streamVersion(tx, id));
    });
    appendStale();

    await expect(stale).rejects.toBeInstanceOf(StreamVersionMismatch);
    const stored = await pg.eventStore.readStream(id);
    expect(stored.map((recorded) => recorded.version)).toEqual([1, 2]);
    // A new transaction remembers nothing: it reads the stream's version again.
    await expect(pg.writes.run((tx) => pg.eventStore.streamVersion(tx, id))).resolves.toBe(2);
  });
});
