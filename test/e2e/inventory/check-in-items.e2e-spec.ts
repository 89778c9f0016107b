import { newId } from '../../support/api.js';
import { useTestApp } from '../../support/test-app.js';

describe('POST /inventory-items/:id/check-in', () => {
  const ctx = useTestApp();

  it('adds to currentCount', async () => {
    const created = await ctx.api.createItem();
    await ctx.api.checkIn(created.id, 5);
    const last = await ctx.api.checkIn(created.id, 7);
    expect(last).toMatchObject({ id: created.id, version: 3 });
    expect((await ctx.api.item(created.id, last)).body).toMatchObject({ currentCount: 12, version: 3 });
  });

  it('allows reaching maxQty exactly and refuses going above it with 422', async () => {
    const created = await ctx.api.createItem({ maxQty: 10 });
    const reached = await ctx.api.checkIn(created.id, 10);
    const over = await ctx.api.post(`/inventory-items/${created.id}/check-in`, { count: 1 });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({
      statusCode: 422,
      error: 'Unprocessable Entity',
      code: 'MAX_QTY_EXCEEDED',
    });
    expect((await ctx.api.item(created.id, reached)).body).toMatchObject({ currentCount: 10, version: 2 });
  });

  it.each([
    [{}],
    [{ count: 0 }],
    [{ count: -1 }],
    [{ count: 1.5 }],
    [{ count: '5' }],
    [{ count: 1_000_000_001 }],
    [{ count: null }],
  ])('answers 400 to %j and changes nothing', async (body) => {
    const created = await ctx.api.createItem();
    const response = await ctx.api.post(`/inventory-items/${created.id}/check-in`, body);
    expect(response.status).toBe(400);
    expect((await ctx.api.get(`/inventory-items/${created.id}/history`)).body.events).toHaveLength(1);
  });

  it('accepts the largest count', async () => {
    const created = await ctx.api.createItem();
    const result = await ctx.api.checkIn(created.id, 1_000_000_000);
    expect((await ctx.api.item(created.id, result)).body.currentCount).toBe(1_000_000_000);
  });

  it('answers 404 for an unknown item', async () => {
    expect((await ctx.api.post(`/inventory-items/${newId()}/check-in`, { count: 1 })).status).toBe(404);
  });
});
