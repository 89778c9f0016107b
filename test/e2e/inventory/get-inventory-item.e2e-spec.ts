import { newId } from '../../support/api.js';
import { useTestApp } from '../../support/test-app.js';

describe('GET /inventory-items/:id', () => {
  const ctx = useTestApp();

  it('answers the details with a strong ETag holding the version', async () => {
    const created = await ctx.api.createItem({ name: 'Widget', maxQty: 9 });
    const checkedIn = await ctx.api.checkIn(created.id, 4);
    const response = await ctx.api.item(created.id, checkedIn);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: created.id,
      name: 'Widget',
      currentCount: 4,
      maxQty: 9,
      version: 2,
      active: true,
    });
    expect(response.headers.etag).toBe('"2"');
    expect(response.headers['x-read-position']).toMatch(/^\d+$/);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await ctx.api.get(`/inventory-items/${newId()}`)).status).toBe(404);
    expect((await ctx.api.get('/inventory-items/12345')).status).toBe(400);
  });

  it('finds an item by its id in upper case too', async () => {
    const created = await ctx.api.createItem();
    const response = await ctx.api.item(created.id.toUpperCase(), created);
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(created.id);
  });
});
