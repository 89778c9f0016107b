import { newId } from '../../support/api.js';
import { useTestApp } from '../../support/test-app.js';

describe('POST /inventory-items/:id/max-qty', () => {
  const ctx = useTestApp();

  it('sets a maximum that later check-ins respect', async () => {
    const created = await ctx.api.createItem();
    await ctx.api.checkIn(created.id, 2);
    const changed = await ctx.api.post(`/inventory-items/${created.id}/max-qty`, { maxQty: 3 });
    expect(changed.status).toBe(200);
    expect((await ctx.api.item(created.id, changed.body)).body).toMatchObject({
      maxQty: 3,
      currentCount: 2,
      version: 3,
    });
    expect((await ctx.api.post(`/inventory-items/${created.id}/check-in`, { count: 2 })).status).toBe(422);
    expect((await ctx.api.post(`/inventory-items/${created.id}/check-in`, { count: 1 })).status).toBe(200);
  });

  it('refuses a maximum below currentCount with 422', async () => {
    const created = await ctx.api.createItem();
    await ctx.api.checkIn(created.id, 5);
    const response = await ctx.api.post(`/inventory-items/${created.id}/max-qty`, { maxQty: 4 });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'MAX_QTY_BELOW_STOCK' });
  });

  it.each([[{}], [{ maxQty: 0 }], [{ maxQty: null }], [{ maxQty: '3' }]])(
    'answers 400 to %j',
    async (body) => {
      const created = await ctx.api.createItem();
      expect((await ctx.api.post(`/inventory-items/${created.id}/max-qty`, body)).status).toBe(400);
    },
  );

  it('answers 404 for an unknown item', async () => {
    expect((await ctx.api.post(`/inventory-items/${newId()}/max-qty`, { maxQty: 1 })).status).toBe(404);
  });
});
