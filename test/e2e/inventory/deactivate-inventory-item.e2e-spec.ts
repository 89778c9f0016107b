import { newId } from '../../support/api.js';
import { useTestApp } from '../../support/test-app.js';

describe('POST /inventory-items/:id/deactivate', () => {
  const ctx = useTestApp();

  it('deactivates: the item leaves the list, its details say inactive', async () => {
    const created = await ctx.api.createItem({ name: 'Soon gone' });
    const response = await ctx.api.post(`/inventory-items/${created.id}/deactivate`, {});
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: created.id, version: 2 });
    expect((await ctx.api.item(created.id, response.body)).body).toMatchObject({ active: false, version: 2 });
    const list = await ctx.api.get('/inventory-items', { limit: 500, minPosition: response.body.position });
    expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(created.id);
  });

  it('refuses to deactivate twice, and every further command, with 422', async () => {
    const created = await ctx.api.createItem();
    await ctx.api.post(`/inventory-items/${created.id}/deactivate`, {});
    for (const [path, body] of [
      ['deactivate', {}],
      ['check-in', { count: 1 }],
      ['remove', { count: 1 }],
      ['max-qty', { maxQty: 5 }],
      ['rename', { name: 'Back' }],
    ] as const) {
      const response = await ctx.api.post(`/inventory-items/${created.id}/${path}`, body);
      expect({ path, status: response.status }).toEqual({ path, status: 422 });
    }
  });

  it('accepts the body without expectedVersion, and answers 404 for an unknown item', async () => {
    expect((await ctx.api.post(`/inventory-items/${newId()}/deactivate`)).status).toBe(404);
  });
});
