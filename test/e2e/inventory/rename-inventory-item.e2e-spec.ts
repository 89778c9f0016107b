import { newId } from '../../support/api.js';
import { useTestApp } from '../../support/test-app.js';

describe('POST /inventory-items/:id/rename', () => {
  const ctx = useTestApp();

  it('renames, answering 200 with the next version, in the details and the list', async () => {
    const created = await ctx.api.createItem({ name: 'Old name' });
    const response = await ctx.api.post(`/inventory-items/${created.id}/rename`, { name: '  New name ' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: created.id, version: 2, position: expect.stringMatching(/^\d+$/) });
    expect(BigInt(response.body.position)).toBeGreaterThan(BigInt(created.position));
    expect((await ctx.api.item(created.id, response.body)).body).toMatchObject({
      name: 'New name',
      version: 2,
    });
    const list = await ctx.api.get('/inventory-items', { limit: 500, minPosition: response.body.position });
    expect(list.body.items).toContainEqual({ id: created.id, name: 'New name' });
  });

  it('answers 404 for an unknown item', async () => {
    const response = await ctx.api.post(`/inventory-items/${newId()}/rename`, { name: 'X' });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers 400 for a malformed id in the path', async () => {
    const response = await ctx.api.post('/inventory-items/nope/rename', { name: 'X' });
    expect(response.status).toBe(400);
  });

  it.each([
    [{}],
    [{ name: '' }],
    [{ name: 'x'.repeat(201) }],
    [{ name: 'ok', expectedVersion: '1' }],
    [{ name: 'ok', extra: 1 }],
  ])('answers 400 to %j', async (body) => {
    const created = await ctx.api.createItem();
    const response = await ctx.api.post(`/inventory-items/${created.id}/rename`, body);
    expect(response.status).toBe(400);
  });

  it('answers 409 with both versions when expectedVersion is stale', async () => {
    const created = await ctx.api.createItem();
    await ctx.api.checkIn(created.id, 1);
    const response = await ctx.api.post(`/inventory-items/${created.id}/rename`, {
      name: 'X',
      expectedVersion: 1,
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ statusCode: 409, expectedVersion: 1, actualVersion: 2 });
  });

  it('answers 422 once the item is deactivated', async () => {
    const created = await ctx.api.createItem();
    await ctx.api.post(`/inventory-items/${created.id}/deactivate`, {});
    const response = await ctx.api.post(`/inventory-items/${created.id}/rename`, { name: 'X' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'ITEM_DEACTIVATED' });
  });
});
