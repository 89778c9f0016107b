import { newId } from '../../support/api.js';
import { itemAt, placeOrder, settledOrder } from '../../support/orders.js';
import { useTestApp } from '../../support/test-app.js';

const line = () => ({ itemId: newId(), quantity: 1 });

describe('POST /orders', () => {
  const ctx = useTestApp();

  async function stockedItem(count: number): Promise<string> {
    const { id } = await ctx.api.createItem();
    await ctx.api.checkIn(id, count);
    return id;
  }

  it('places a pending order and answers the command result', async () => {
    const itemId = await stockedItem(5);
    const response = await ctx.api.post('/orders', { lines: [{ itemId, quantity: 2 }] });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      version: 1,
      position: expect.stringMatching(/^\d+$/),
    });
    const read = await ctx.api.get(`/orders/${response.body.id}`, { minPosition: response.body.position });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: response.body.id, lines: [{ itemId, quantity: 2 }] });
    expect(['pending', 'confirmed']).toContain(read.body.status);
  });

  it('confirms the order once every line is reserved; held stock leaves currentCount', async () => {
    const first = await stockedItem(5);
    const second = await stockedItem(3);
    const placed = await placeOrder(ctx.api, [
      { itemId: first, quantity: 2 },
      { itemId: second, quantity: 3 },
    ]);
    const settled = await settledOrder(ctx.api, placed.id, placed);
    expect(settled.body).toEqual({
      id: placed.id,
      status: 'confirmed',
      lines: [
        { itemId: first, quantity: 2 },
        { itemId: second, quantity: 3 },
      ],
      version: 2,
    });
    expect(settled.headers.etag).toBe('"2"');
    const position = settled.headers['x-read-position'];
    // Each reservation is an event of the item: its version moves too.
    expect(await itemAt(ctx.api, first, position)).toMatchObject({ currentCount: 3, version: 3 });
    expect(await itemAt(ctx.api, second, position)).toMatchObject({ currentCount: 0, version: 3 });
  });

  it('rejects the order when an item is short, and releases the lines reserved before it', async () => {
    const plenty = await stockedItem(10);
    const short = await stockedItem(1);
    const placed = await placeOrder(ctx.api, [
      { itemId: plenty, quantity: 4 },
      { itemId: short, quantity: 2 },
    ]);
    const settled = await settledOrder(ctx.api, placed.id, placed);
    expect(settled.body.status).toBe('rejected');
    expect(settled.body.rejectionReason).toMatch(/Line 2/);
    expect(settled.body.rejectionReason).toMatch(/only 1 in stock/);
    const position = settled.headers['x-read-position'];
    expect((await itemAt(ctx.api, plenty, position)).currentCount).toBe(10);
    expect((await itemAt(ctx.api, short, position)).currentCount).toBe(1);
  });

  it('reserves two lines of the same item separately, and releases the first when the second is short', async () => {
    const itemId = await stockedItem(4);
    const placed = await placeOrder(ctx.api, [
      { itemId, quantity: 2 },
      { itemId, quantity: 3 },
    ]);
    const settled = await settledOrder(ctx.api, placed.id, placed);
    expect(settled.body.status).toBe('rejected');
    expect(settled.body.rejectionReason).toMatch(/Line 2.*only 2 in stock/);
    expect(await itemAt(ctx.api, itemId, settled.headers['x-read-position'])).toMatchObject({
      currentCount: 4,
      version: 4,
    });
  });

  it('rejects the order when an item does not exist', async () => {
    const unknown = newId();
    const placed = await placeOrder(ctx.api, [{ itemId: unknown, quantity: 1 }]);
    const settled = await settledOrder(ctx.api, placed.id, placed);
    expect(settled.body.status).toBe('rejected');
    expect(settled.body.rejectionReason).toMatch(/does not exist/);
  });

  it("rejects a line naming another order's id as an unknown item, never as deactivated", async () => {
    const itemId = await stockedItem(5);
    const other = await placeOrder(ctx.api, [{ itemId, quantity: 1 }]);
    await settledOrder(ctx.api, other.id, other);
    const placed = await placeOrder(ctx.api, [{ itemId: other.id, quantity: 1 }]);
    const settled = await settledOrder(ctx.api, placed.id, placed);
    expect(settled.body.status).toBe('rejected');
    expect(settled.body.rejectionReason).toBe(
      `Line 1 (item ${other.id}, quantity 1): Inventory item ${other.id} does not exist`,
    );
  });

  it('rejects the order when an item is deactivated', async () => {
    const itemId = await stockedItem(5);
    expect((await ctx.api.post(`/inventory-items/${itemId}/deactivate`)).status).toBe(200);
    const placed = await placeOrder(ctx.api, [{ itemId, quantity: 1 }]);
    const settled = await settledOrder(ctx.api, placed.id, placed);
    expect(settled.body.status).toBe('rejected');
    expect(settled.body.rejectionReason).toMatch(/deactivated/);
  });

  it('accepts a client-chosen id, and a repeat of the same create answers the same result', async () => {
    const itemId = await stockedItem(5);
    const id = newId();
    const body = { id, lines: [{ itemId, quantity: 1 }] };
    const first = await ctx.api.post('/orders', body);
    const again = await ctx.api.post('/orders', body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const settled = await settledOrder(ctx.api, id, first.body);
    expect(settled.body.version).toBe(2);
    expect((await itemAt(ctx.api, itemId, settled.headers['x-read-position'])).currentCount).toBe(4);
  });

  it('answers the first answer to a retry with the same Idempotency-Key, and 422 to another body', async () => {
    const itemId = await stockedItem(5);
    const headers = { 'Idempotency-Key': newId() };
    const first = await ctx.api.post('/orders', { lines: [{ itemId, quantity: 1 }] }, headers);
    const retry = await ctx.api.post('/orders', { lines: [{ itemId, quantity: 1 }] }, headers);
    const other = await ctx.api.post('/orders', { lines: [{ itemId, quantity: 2 }] }, headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(other.status).toBe(422);
  });

  it('answers 409 for an existing id with different content', async () => {
    const itemId = await stockedItem(5);
    const placed = await placeOrder(ctx.api, [{ itemId, quantity: 1 }]);
    const response = await ctx.api.post('/orders', { id: placed.id, lines: [{ itemId, quantity: 2 }] });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
  });

  it('answers 409 for an id an inventory item already has', async () => {
    const { id } = await ctx.api.createItem();
    const response = await ctx.api.post('/orders', { id, lines: [{ itemId: newId(), quantity: 1 }] });
    expect(response.status).toBe(409);
  });

  it.each([
    ['no lines', { lines: [] }],
    ['lines missing', {}],
    ['lines not an array', { lines: line() }],
    ['more than 100 lines', { lines: Array.from({ length: 101 }, line) }],
    ['a quantity of 0', { lines: [{ itemId: newId(), quantity: 0 }] }],
    ['a quantity above 1,000,000', { lines: [{ itemId: newId(), quantity: 1_000_001 }] }],
    ['a fractional quantity', { lines: [{ itemId: newId(), quantity: 1.5 }] }],
    ['a quantity as a string', { lines: [{ itemId: newId(), quantity: '1' }] }],
    ['a malformed itemId', { lines: [{ itemId: 'not-a-uuid', quantity: 1 }] }],
    ['a line that is not an object', { lines: [5] }],
    ['an unknown field in a line', { lines: [{ ...line(), price: 3 }] }],
    ['an unknown field', { lines: [line()], note: 'x' }],
    ['a malformed id', { id: 'nope', lines: [line()] }],
  ])('answers 400 for %s', async (_, body) => {
    const response = await ctx.api.post('/orders', body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('accepts exactly 100 lines', async () => {
    const response = await ctx.api.post('/orders', { lines: Array.from({ length: 100 }, line) });
    expect(response.status).toBe(201);
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await ctx.api.http
      .post('/orders')
      .set('Content-Type', 'application/json')
      .send('{"lines": [');
    expect(response.status).toBe(400);
  });
});
