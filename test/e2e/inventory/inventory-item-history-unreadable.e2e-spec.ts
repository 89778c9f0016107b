import { WriteTransactions } from '../../../src/core/index.js';
import { EventRecordEntity } from '../../../src/core/event-store/event-record.entity.js';
import { ItemsCheckedInEvent } from '../../../src/inventory/index.js';
import { useTestApp } from '../../support/test-app.js';

/**
 * An event that cannot be read back (here: a schema version no upcaster knows, as an older release
 * wrote it; see test/faults/unreadable-event.fault-spec.ts) stops the projections of its type, but
 * the history shows it, marked, instead of answering 500. Its own app: the details projection stops.
 */
describe('GET /inventory-items/:id/history with an event that cannot be read back', () => {
  const ctx = useTestApp();

  it('answers 200, that event marked unreadable with its stored type, schema version and payload', async () => {
    const item = await ctx.api.createItem({ name: 'Old schema' });
    await ctx.api.checkIn(item.id, 5);
    const rawData = JSON.stringify({ itemId: item.id, quantity: 6 });
    const bad = await ctx.testApp.app.get(WriteTransactions).run(async ({ manager }) => {
      const inserted = await manager.insert(EventRecordEntity, {
        streamId: item.id,
        streamType: 'InventoryItem',
        version: 3,
        type: ItemsCheckedInEvent.type,
        schemaVersion: 0,
        data: rawData,
        eventId: '00000000-0000-4000-8000-000000000001',
        commandId: 'old-release',
        correlationId: 'old-release',
        causationId: 'old-release',
        occurredAt: new Date().toISOString(),
      });
      return String(inserted.identifiers[0].position);
    });

    const response = await ctx.api.get(`/inventory-items/${item.id}/history`);
    expect(response.status).toBe(200);
    expect(response.body.events.map((event: { version: number }) => event.version)).toEqual([1, 2, 3]);
    expect(response.body.events[1]).toMatchObject({ type: 'ItemsCheckedIn', data: { count: 5 } });
    expect(response.body.events[1]).not.toHaveProperty('unreadable');
    expect(response.body.events[2]).toEqual({
      version: 3,
      position: bad,
      type: 'ItemsCheckedIn',
      data: null,
      occurredAt: expect.any(String),
      metadata: expect.objectContaining({ eventId: '00000000-0000-4000-8000-000000000001' }),
      unreadable: {
        schemaVersion: 0,
        rawData,
        reason: 'No upcaster for ItemsCheckedIn from schema version 0',
      },
    });
    // A page that starts after it, and one that holds only it, answer too.
    const only = await ctx.api.get(`/inventory-items/${item.id}/history`, { after: 2, limit: 1 });
    expect([only.status, only.body.events[0].unreadable?.schemaVersion, only.body.next]).toEqual([
      200,
      0,
      null,
    ]);
  });
});
