import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { EventSourcedRepository, EventStore } from '../../../src/core/index.js';
import { InventoryItem } from '../../../src/inventory/domain/inventory-item.aggregate.js';
import { CreateInventoryItemCommand, RemoveItemsCommand } from '../../../src/inventory/index.js';
import { useTestApp } from '../../support/test-app.js';

const SNAPSHOT_EVERY = 100;

describe('snapshots', () => {
  // No aggregate cache: a cached aggregate would be loaded without reading a snapshot at all, and
  // the test would pass with snapshots never saved.
  const ctx = useTestApp({ snapshotEvery: SNAPSHOT_EVERY, aggregateCacheSize: 0 });

  it('load a 10,000-event stream by reading at most N events from the store', async () => {
    const commands = ctx.testApp.app.get(CommandBus);
    const eventStore = ctx.testApp.app.get(EventStore);
    const id = randomUUID();
    const repository = ctx.testApp.app.get(EventSourcedRepository);
    await commands.execute(new CreateInventoryItemCommand(id, 'Long stream'));
    // 9,999 check-ins, recorded 1,111 to a save so that building the stream stays quick.
    for (let saved = 1; saved < 10_000; saved += 1_111) {
      const batch = Math.min(1_111, 10_000 - saved);
      await repository.update(InventoryItem, id, undefined, (item) => {
        for (let index = 0; index < batch; index++) item.checkIn(1);
      });
    }

    const readStream = jest.spyOn(eventStore, 'readStream');
    const result = await commands.execute(new RemoveItemsCommand(id, 9_999));
    const eventsRead = await Promise.all(
      readStream.mock.results.map((call) => call.value as Promise<unknown[]>),
    );
    readStream.mockRestore();

    expect(result.version).toBe(10_001);
    expect(eventsRead.reduce((sum, events) => sum + events.length, 0)).toBeLessThanOrEqual(SNAPSHOT_EVERY);
    // The decision ran on the full state: all 9,999 were in stock, and now none is.
    await expect(commands.execute(new RemoveItemsCommand(id, 1))).rejects.toThrow(/only 0 in stock/);
  }, 120_000);
});
