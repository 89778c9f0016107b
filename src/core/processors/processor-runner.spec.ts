import { ViewCache } from '../projections/view-cache.js';
import {
  Counted,
  CounterRow,
  deferred,
  memoryLog,
  processorDatabase,
  QUICK_RETRY,
  RecordingReactor,
  settle,
  Started,
  until,
} from '../testing/processor-fixtures.js';
import { ReactorCheckpointEntity } from './reactor-checkpoint.entity.js';

describe('ProcessorRunner', () => {
  let db: Awaited<ReturnType<typeof processorDatabase>>;
  beforeEach(async () => (db = await processorDatabase()));
  afterEach(() => db.dataSource.destroy());

  describe('as a projector', () => {
    it('folds the batch and moves the checkpoint with the rows', async () => {
      const { eventStore } = memoryLog([
        ['a', new Started()],
        ['a', new Counted()],
        ['b', new Started()],
        ['a', new Counted()],
      ]);
      const runner = db.projector(eventStore);
      await runner.start();
      await until(() => runner.position === 4);
      await runner.stop();
      expect(runner.status).toBe('stopped');
      expect(await db.rows()).toEqual([
        { id: 'a', count: 2 },
        { id: 'b', count: 0 },
      ]);
      expect(await db.projectionCheckpoint()).toMatchObject({
        position: 4,
        lastError: null,
        failedPosition: null,
      });
    });

    it("keeps its views' rows in a ViewCache only while it runs, each batch invalidating the rows it wrote", async () => {
      const { eventStore, append } = memoryLog([
        ['a', new Started()],
        ['a', new Counted()],
      ]);
      const cache = new ViewCache();
      const runner = db.projector(eventStore, cache);
      const rows = db.dataSource.getRepository(CounterRow);
      const read = (id: string) =>
        cache.row(CounterRow, id, async () => (await rows.findOneBy({ id })) ?? undefined);
      await runner.start();
      await until(() => runner.position === 2);
      expect(await read('a')).toEqual({ id: 'a', count: 1 });
      // Kept: a write behind the projector's back is not seen (nothing but the projector may write).
      await rows.update({ id: 'a' }, { count: 100 });
      expect(await read('a')).toEqual({ id: 'a', count: 1 });
      append('a', new Counted());
      runner.wake();
      await until(() => runner.position === 3);
      expect(await read('a')).toEqual({ id: 'a', count: 101 });
      await runner.stop();
      // Stopped, it may no longer be the only writer: every read goes to the store.
      await rows.update({ id: 'a' }, { count: 7 });
      expect(await read('a')).toEqual({ id: 'a', count: 7 });
    });

    it('tries a failing event again, then stops right before it: nothing after it applied, nothing skipped', async () => {
      const { eventStore } = memoryLog([
        ['a', new Started()],
        ['a', new Counted()],
        ['a', new Started()],
        ['a', new Counted()],
      ]);
      const runner = db.projector(eventStore);
      await runner.start();
      await until(() => runner.status === 'failed');
      expect(runner.lastError).toMatch(/^Started at position 3: .*already has a row with key a/);
      expect(runner.failedPosition).toBe(3);
      expect(runner.position).toBe(2);
      expect(await db.rows()).toEqual([{ id: 'a', count: 1 }]);
      await settle();
      expect(await db.projectionCheckpoint()).toMatchObject({ position: 2, failedPosition: 3 });
      // A wake-up changes nothing: it stays failed until an operator acts.
      runner.wake();
      await settle();
      expect(runner.status).toBe('failed');
      await runner.stop();
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
      const runner = db.reactor(eventStore, reacting);
      await runner.start();
      await until(() => runner.status === 'failed');
      expect(attempts).toBe(QUICK_RETRY.attempts);
      expect(reacting.handled).toEqual([1]);
      expect(runner.lastError).toBe('Counted at position 3: the other service said no');
      await settle();
      expect(await db.reactorCheckpoint()).toMatchObject({ position: 2, failedPosition: 3 });
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
      const runner = db.reactor(eventStore, reacting);
      await runner.start();
      await settle();
      // Meanwhile another process (which took over) has got further than this one will.
      await db.dataSource.manager.upsert(
        ReactorCheckpointEntity,
        { name: 'recorder', position: 5, updatedAt: new Date().toISOString() },
        ['name'],
      );
      hold.resolve();
      await until(() => runner.position === 5);
      await runner.stop();
      expect(reacting.handled).toEqual([1, 2, 3]);
      expect(await db.reactorCheckpoint()).toMatchObject({ position: 5 });
    });
  });
});
