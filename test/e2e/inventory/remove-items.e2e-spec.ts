import { newId } from '../../support/api.js';
import { useTestApp } from '../../support/test-app.js';

describe('POST /inventory-items/:id/remove', () => {
  const ctx = useTestApp();

  it('takes from currentCount, down to zero', async () => {
    const created = await ctx.api.createItem();
    await ctx.api.checkIn(created.id, 5);
    const removed = await ctx.api.post(`/inventory-items/${created.id}/remove`, { count: 5 });
    expect(removed.status).toBe(200);
    expect(removed.body.version).toBe(3);
    expect((await ctx.api.item(created.id, removed.body)).body.currentCount).toBe(0);
  });

  it('refuses to remove more than currentCount with 422, changing nothing', async () => {
    const created = await ctx.api.createItem();
    const checkedIn = await ctx.api.checkIn(created.id, 3);
    const response = await ctx.api.post(`/inventory-items/${created.id}/remove`, { count: 4 });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    expect((await ctx.api.item(created.id, checkedIn)).body).toMatchObject({ currentCount: 3, version: 2 });
  });

  it.each([[{ count: 0 }], [{ count: 'a' }], [{ count: 1, foo: 'bar' }]])(
    'answers 400 to %j',
    async (body) => {
      const created = await ctx.api.createItem();
      expect((await ctx.api.post(`/inventory-items/${created.id}/remove`, body)).status).toBe(400);
    },
  );

  it('answers 404 for an unknown item', async () => {
    expect((await ctx.api.post(`/inventory-items/${newId()}/remove`, { count: 1 })).status).toBe(404);
  });
});
