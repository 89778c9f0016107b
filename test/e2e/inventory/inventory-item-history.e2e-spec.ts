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
      next: null,
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

  it('answers a page at a time: ?after=<version>&limit=, with next until the last page', async () => {
    const created = await ctx.api.createItem({ name: 'Paged' });
    for (let count = 1; count <= 6; count++) {
      expect((await ctx.api.post(`/inventory-items/${created.id}/check-in`, { count })).status).toBe(200);
    }
    const versions = async (query: Record<string, string | number>) => {
      const response = await ctx.api.get(`/inventory-items/${created.id}/history`, query);
      expect(response.status).toBe(200);
      return {
        versions: (response.body.events as Array<{ version: number }>).map((event) => event.version),
        next: response.body.next as number | null,
      };
    };
    expect(await versions({ limit: 3 })).toEqual({ versions: [1, 2, 3], next: 3 });
    expect(await versions({ after: 3, limit: 3 })).toEqual({ versions: [4, 5, 6], next: 6 });
    expect(await versions({ after: 6, limit: 3 })).toEqual({ versions: [7], next: null });
    expect(await versions({ after: 7 })).toEqual({ versions: [], next: null });
    expect(await versions({ after: 2, limit: 5 })).toEqual({ versions: [3, 4, 5, 6, 7], next: null });
    // Following next from the start gives the whole history once.
    const all: number[] = [];
    for (let after: number | null = 0; after !== null;) {
      const page = await versions({ after, limit: 2 });
      all.push(...page.versions);
      after = page.next;
    }
    expect(all).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('answers 100 events by default and at most 1000, and refuses bad or unknown paging parameters', async () => {
    const created = await ctx.api.createItem({ name: 'Long' });
    for (let index = 0; index < 120; index++) {
      expect((await ctx.api.post(`/inventory-items/${created.id}/check-in`, { count: 1 })).status).toBe(200);
    }
    const first = await ctx.api.get(`/inventory-items/${created.id}/history`);
    expect(first.body.events).toHaveLength(100);
    expect(first.body.next).toBe(100);
    const rest = await ctx.api.get(`/inventory-items/${created.id}/history`, { after: 100, limit: 1000 });
    expect(rest.body.events).toHaveLength(21);
    expect(rest.body.next).toBeNull();
    const bad: Array<Record<string, string | number>> = [
      { limit: 0 },
      { limit: 1001 },
      { limit: 'x' },
      { after: -1 },
      { after: '1.5' },
      { offset: 3 },
    ];
    for (const query of bad) {
      const refused = await ctx.api.get(`/inventory-items/${created.id}/history`, query);
      expect({ query, status: refused.status }).toEqual({ query, status: 400 });
    }
    expect((await ctx.api.get(`/inventory-items/${newId()}/history`, { after: 5 })).status).toBe(404);
  });
});
