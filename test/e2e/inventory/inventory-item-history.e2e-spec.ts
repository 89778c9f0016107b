import { newId } from '../../support/api.js';
import { useTestApp } from '../../support/test-app.js';

describe('GET /inventory-items/:id/history', () => {
  const ctx = useTestApp();

  it('answers every event of the item in order, with positions as strings and metadata', async () => {
    const created = await ctx.api.createItem({ name: 'Widget' });
    const checkedIn = await ctx.api.post(
      `/inventory-items/${created.id}/check-in`,
      { count: 3 },
      { 'X-Correlation-Id': 'trace-123' },
    );
    const response = await ctx.api.get(`/inventory-items/${created.id}/history`);
    expect(response.status).toBe(200);
    expect(response.headers['x-read-position']).toMatch(/^\d+$/);
    expect(response.body).toEqual({
      id: created.id,
      events: [
        {
          version: 1,
          position: created.position,
          type: 'InventoryItemCreated',
          data: { itemId: created.id, name: 'Widget', maxQty: null },
          occurredAt: expect.any(String),
          metadata: expect.objectContaining({ eventId: expect.any(String) }),
        },
        {
          version: 2,
          position: checkedIn.body.position,
          type: 'ItemsCheckedIn',
          data: { itemId: created.id, count: 3 },
          occurredAt: expect.any(String),
          metadata: expect.objectContaining({ correlationId: 'trace-123' }),
        },
      ],
    });
    expect(new Date(response.body.events[0].occurredAt).toISOString()).toBe(
      response.body.events[0].occurredAt,
    );
  });

  it('answers 404 for an unknown item and 400 for a malformed id', async () => {
    expect((await ctx.api.get(`/inventory-items/${newId()}/history`)).status).toBe(404);
    expect((await ctx.api.get('/inventory-items/x/history')).status).toBe(400);
  });
});
