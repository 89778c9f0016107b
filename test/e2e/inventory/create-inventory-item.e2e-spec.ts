import { newId } from '../../support/api.js';
import { useTestApp } from '../../support/test-app.js';

describe('POST /inventory-items', () => {
  const ctx = useTestApp();

  it('creates an item with a server-chosen id and answers 201 with the command result', async () => {
    const response = await ctx.api.post('/inventory-items', { name: 'Widget' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      version: 1,
      position: expect.stringMatching(/^\d+$/),
    });
  });

  it('stores the name trimmed, with no maximum unless one is given', async () => {
    const created = await ctx.api.createItem({ name: '  Gadget  ' });
    const read = await ctx.api.item(created.id, created);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      id: created.id,
      name: 'Gadget',
      currentCount: 0,
      maxQty: null,
      version: 1,
      active: true,
    });
  });

  it('keeps a client-chosen id and a maximum', async () => {
    const id = newId();
    const created = await ctx.api.createItem({ id, name: 'Bolt', maxQty: 20 });
    expect(created.id).toBe(id);
    expect((await ctx.api.item(id, created)).body).toMatchObject({ id, name: 'Bolt', maxQty: 20 });
  });

  it('answers a repeated create with the same id and body with the same result, writing nothing', async () => {
    const id = newId();
    const first = await ctx.api.post('/inventory-items', { id, name: 'Nut', maxQty: 5 });
    const again = await ctx.api.post('/inventory-items', { id, name: 'Nut', maxQty: 5 });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const history = await ctx.api.get(`/inventory-items/${id}/history`);
    expect(history.body.events).toHaveLength(1);
  });

  it('answers 409 to a create whose id exists with different content', async () => {
    const id = newId();
    await ctx.api.createItem({ id, name: 'Nut' });
    const response = await ctx.api.post('/inventory-items', { id, name: 'Screw' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'ALREADY_EXISTS' });
  });

  it.each([
    ['a missing name', {}],
    ['an empty name', { name: '' }],
    ['a blank name', { name: '    ' }],
    ['a name over 200 characters', { name: 'x'.repeat(201) }],
    ['a name that is not a string', { name: 42 }],
    ['a malformed id', { id: 'not-a-uuid', name: 'Widget' }],
    ['a maxQty of 0', { name: 'Widget', maxQty: 0 }],
    ['a maxQty over 1,000,000,000', { name: 'Widget', maxQty: 1_000_000_001 }],
    ['a fractional maxQty', { name: 'Widget', maxQty: 2.5 }],
    ['a maxQty as a string (no coercion)', { name: 'Widget', maxQty: '5' }],
    ['an unknown field', { name: 'Widget', colour: 'red' }],
  ])('answers 400 to %s, and creates nothing', async (_, body) => {
    const before = await ctx.api.get('/inventory-items', { limit: 500 });
    const response = await ctx.api.post('/inventory-items', body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(response.body.message).toBeDefined();
    const after = await ctx.api.get('/inventory-items', { limit: 500 });
    expect(after.body.total).toBe(before.body.total);
  });

  it('accepts a name of exactly 200 characters after trimming', async () => {
    const response = await ctx.api.post('/inventory-items', { name: ` ${'y'.repeat(200)} ` });
    expect(response.status).toBe(201);
  });
});
