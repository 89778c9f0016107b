import { randomUUID } from 'node:crypto';
import type { Transaction } from '../../src/core/index.js';
import { StoreProbeEntity } from '../../src/core/database/store-probe.entity.js';
import { InventoryItemCreatedEvent } from '../../src/inventory/index.js';
import { logFixture } from './support/log-fixture.js';

const xid = async (tx: Transaction) =>
  ((await tx.manager.query('SELECT pg_current_xact_id()::text AS xid')) as { xid: string }[])[0].xid;
const advisoryLocksHeld = async (tx: Transaction) =>
  (
    (await tx.manager.query(
      `SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`,
    )) as { held: number }[]
  )[0].held;

/**
 * A write transaction's START TRANSACTION goes with its first statement (postgres-lazy-begin.ts):
 * whichever statement comes first, every statement of the unit of work must still be inside one
 * transaction, and a failure must roll all of it back.
 */
describe('write transactions on PostgreSQL that begin with their first statement', () => {
  const pg = logFixture();

  class Refused extends Error {}
  const probed = async (name: string) =>
    (await pg.log.query('SELECT 1 FROM store_probe WHERE name = $1', [name])) as unknown[];
  const events = async (streamId: string) =>
    (await pg.log.query('SELECT 1 FROM event_log WHERE stream_id = $1', [streamId])) as unknown[];
  /** A new item's creation, as an append that carries its transaction's COMMIT. */
  const createdItem = (tx: Transaction, id: string, name = 'Widget') =>
    pg.eventStore.append(tx, {
      streamId: id,
      streamType: 'InventoryItem',
      expectedVersion: 0,
      events: [new InventoryItemCreatedEvent(id, name, null)],
      commit: true,
    });

  it('keeps the stream lock and what follows it in the transaction it begins', async () => {
    const id = randomUUID();
    const seen = await pg.writes.run(async (tx) => {
      await pg.eventStore.lockStream(tx, id);
      // The transaction-level locks outlive the query string that took them: it is a transaction.
      const held = await advisoryLocksHeld(tx);
      return { held, first: await xid(tx), second: await xid(tx) };
    });
    expect(seen.held).toBeGreaterThanOrEqual(2);
    expect(seen.second).toBe(seen.first);
  });

  it('rolls back everything when the first statement is a TypeORM one and the work then fails', async () => {
    const name = `lazy-begin-${randomUUID()}`;
    const id = randomUUID();
    await expect(
      pg.writes.run(async (tx) => {
        await tx.manager.insert(StoreProbeEntity, { name, probedAt: new Date().toISOString() });
        await pg.eventStore.lockStream(tx, id);
        await pg.appendCreatedItem(tx, id);
        throw new Refused();
      }),
    ).rejects.toBeInstanceOf(Refused);
    expect(await probed(name)).toHaveLength(0);
    expect(await events(id)).toHaveLength(0);
  });

  it('rolls back an append that began the transaction, and releases its stream lock', async () => {
    const id = randomUUID();
    await expect(
      pg.writes.run(async (tx) => {
        await pg.eventStore.lockStream(tx, id);
        await pg.appendCreatedItem(tx, id);
        throw new Refused();
      }),
    ).rejects.toBeInstanceOf(Refused);
    expect(await events(id)).toHaveLength(0);
    // The next writer of the stream gets its lock at once, and commits.
    const appended = await pg.writes.run(async (tx) => {
      await pg.eventStore.lockStream(tx, id);
      return pg.eventStore.append(tx, {
        streamId: id,
        streamType: 'InventoryItem',
        expectedVersion: await pg.eventStore.streamVersion(tx, id),
        events: [new InventoryItemCreatedEvent(id, 'Widget', null)],
      });
    });
    expect(appended.version).toBe(1);
    expect(await events(id)).toHaveLength(1);
  });

  it('runs a unit of work that sends nothing, and the pool stays usable', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) => pg.writes.run(async () => index)),
    );
    expect(answers).toEqual(Array.from({ length: 30 }, (_, index) => index));
    const name = `lazy-begin-${randomUUID()}`;
    await pg.writes.probe(name);
    expect(await probed(name)).toHaveLength(1);
  });

  describe('an append that carries the COMMIT (AppendRequest.commit)', () => {
    it('is committed when it answers, before its unit of work has returned', async () => {
      const id = randomUUID();
      const seenFromOutside = await pg.writes.run(async (tx) => {
        await pg.eventStore.lockStream(tx, id);
        await createdItem(tx, id);
        return (await events(id)).length;
      });
      expect(seenFromOutside).toBe(1);
    });

    it("keeps the unit of work's earlier writes in the same transaction, and its values intact", async () => {
      const id = randomUUID();
      const probe = `lazy-begin-${randomUUID()}`;
      const name = `O'Brien \\ "quoted" $1 ünïcødé ${'x'.repeat(150)}`;
      await pg.writes.run(async (tx) => {
        await tx.manager.insert(StoreProbeEntity, { name: probe, probedAt: new Date().toISOString() });
        await pg.eventStore.lockStream(tx, id);
        return createdItem(tx, id, name);
      });
      expect(await probed(probe)).toHaveLength(1);
      const [stored] = await pg.eventStore.readStream(id);
      expect(stored.event).toEqual(new InventoryItemCreatedEvent(id, name, null));
    });

    it('commits nothing when its INSERT fails, earlier writes of the unit included', async () => {
      const id = randomUUID();
      const probe = `lazy-begin-${randomUUID()}`;
      await expect(
        pg.writes.run(async (tx) => {
          await tx.manager.insert(StoreProbeEntity, { name: probe, probedAt: new Date().toISOString() });
          await pg.eventStore.lockStream(tx, id);
          // A row this transaction cannot know of takes version 1 first (nothing of ours would).
          await pg.log.query(
            `INSERT INTO event_log (stream_id, stream_type, version, type, schema_version, data, event_id,
               command_id, correlation_id, causation_id, occurred_at)
             VALUES ($1, 'InventoryItem', 1, 'Other', 1, '{}', $2, 'c', 'c', 'c', '2026-01-01T00:00:00.000Z')`,
            [id, randomUUID()],
          );
          return createdItem(tx, id);
        }),
      ).rejects.toThrow(/is at version/);
      expect(await probed(probe)).toHaveLength(0);
      expect(await events(id)).toHaveLength(1);
    });

    it('refuses any statement after it: the append stands, the unit of work fails', async () => {
      const id = randomUUID();
      await expect(
        pg.writes.run(async (tx) => {
          await pg.eventStore.lockStream(tx, id);
          await createdItem(tx, id);
          await tx.manager.query('SELECT 1');
        }),
      ).rejects.toThrow(/committed with its last statement/);
      expect(await events(id)).toHaveLength(1);
      // The connection went back to the pool out of any transaction: the next units commit as usual.
      const name = `lazy-begin-${randomUUID()}`;
      await Promise.all(Array.from({ length: 12 }, () => pg.writes.probe(name)));
      expect(await probed(name)).toHaveLength(1);
    });
  });
});
