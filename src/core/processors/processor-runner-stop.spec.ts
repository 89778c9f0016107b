import { jest } from '@jest/globals';
import type { DomainEvent } from '../domain/domain-event.js';
import {
  Counted,
  deferred,
  memoryLog,
  processorDatabase,
  RecordingReactor,
  settle,
  Started,
  until,
} from '../testing/processor-fixtures.js';

/** `stop()` is sticky: whatever it comes during, nothing is read, applied or timed after it. */
describe('ProcessorRunner', () => {
  let db: Awaited<ReturnType<typeof processorDatabase>>;
  beforeEach(async () => (db = await processorDatabase()));
  afterEach(() => db.dataSource.destroy());

  describe('stop', () => {
    const events: Array<[string, DomainEvent]> = [
      ['a', new Started()],
      ['a', new Counted()],
    ];

    it('is sticky while the head position is awaited: nothing is read or applied after it, and no timer is armed', async () => {
      const head = deferred();
      const { eventStore, reads } = memoryLog(events, { head: head.promise });
      const runner = db.projector(eventStore);
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
      expect(await db.rows()).toEqual([]);
      expect(await db.projectionCheckpoint()).toBeNull();
      expect(timers).not.toHaveBeenCalled();
      timers.mockRestore();
    });

    it('is sticky while a batch is read: the batch is not applied', async () => {
      const read = deferred();
      const { eventStore, reads } = memoryLog(events, { read: read.promise });
      const runner = db.projector(eventStore);
      await runner.start();
      await until(() => reads.length === 1);
      const stopped = runner.stop();
      read.resolve();
      await stopped;
      await settle();
      expect(runner.status).toBe('stopped');
      expect(await db.rows()).toEqual([]);
      runner.wake();
      await settle();
      expect(await db.rows()).toEqual([]);
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
      const runner = db.reactor(eventStore, reacting);
      await runner.start();
      await settle();
      const stopped = runner.stop();
      first.resolve();
      await stopped;
      await settle();
      expect(reacting.handled).toEqual([1]);
      expect(await db.reactorCheckpoint()).toMatchObject({ position: 1 });
    });

    it('wins over a start still loading its checkpoint', async () => {
      const { eventStore, reads } = memoryLog(events);
      const runner = db.projector(eventStore);
      const starting = runner.start();
      await runner.stop();
      await starting;
      await settle();
      expect(runner.status).toBe('stopped');
      expect(reads).toEqual([]);
    });
  });
});
