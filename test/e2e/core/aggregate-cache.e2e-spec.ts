import { EventStore, WriteTransactions } from '../../../src/core/index.js';
import { ItemsCheckedInEvent } from '../../../src/inventory/index.js';
import { useTestApp } from '../../support/test-app.js';

describe('the aggregate cache of the write side', () => {
  const ctx = useTestApp();

  it('sees events that another process appended after the cached state', async () => {
    const created = await ctx.api.createItem();
    await ctx.api.checkIn(created.id, 1); // now cached at version 2
    // Another process (simulated: straight into the log) checks in 5 more.
    await ctx.testApp.app.get(WriteTransactions).run((tx) =>
      ctx.testApp.app.get(EventStore).append(tx, {
        streamId: created.id,
        streamType: 'InventoryItem',
        expectedVersion: 2,
        events: [new ItemsCheckedInEvent(created.id, 5)],
      }),
    );
    const removed = await ctx.api.post(`/inventory-items/${created.id}/remove`, { count: 6 });
    expect(removed.status).toBe(200);
    expect(removed.body.version).toBe(4);
    const stale = await ctx.api.post(`/inventory-items/${created.id}/check-in`, {
      count: 1,
      expectedVersion: 2,
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ actualVersion: 4 });
  });

  it('does not keep the state of a command that was refused', async () => {
    const created = await ctx.api.createItem({ maxQty: 3 });
    expect((await ctx.api.post(`/inventory-items/${created.id}/check-in`, { count: 4 })).status).toBe(422);
    expect((await ctx.api.post(`/inventory-items/${created.id}/check-in`, { count: 3 })).status).toBe(200);
    expect((await ctx.api.post(`/inventory-items/${created.id}/remove`, { count: 4 })).status).toBe(422);
  });
});
