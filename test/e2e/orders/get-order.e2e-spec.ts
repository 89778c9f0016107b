import { Api, newId } from '../../support/api.js';
import { placeOrder, settledOrder } from '../../support/orders.js';
import { createTestApp, useTestApp } from '../../support/test-app.js';

describe('GET /orders/:id', () => {
  const ctx = useTestApp();

  it('answers the order with its ETag and X-Read-Position; rejectionReason only when rejected', async () => {
    const { id: itemId } = await ctx.api.createItem();
    await ctx.api.checkIn(itemId, 2);
    const placed = await placeOrder(ctx.api, [{ itemId, quantity: 2 }]);
    const confirmed = await settledOrder(ctx.api, placed.id, placed);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).not.toHaveProperty('rejectionReason');
    expect(confirmed.headers.etag).toBe(`"${confirmed.body.version}"`);
    expect(Number(confirmed.headers['x-read-position'])).toBeGreaterThanOrEqual(Number(placed.position));

    const short = await placeOrder(ctx.api, [{ itemId, quantity: 1 }]);
    const rejected = await settledOrder(ctx.api, short.id, short);
    expect(rejected.body).toEqual({
      id: short.id,
      status: 'rejected',
      lines: [{ itemId, quantity: 1 }],
      rejectionReason: expect.stringMatching(/only 0 in stock/),
      version: 2,
    });
  });

  it('answers 404 for an unknown order', async () => {
    const response = await ctx.api.get(`/orders/${newId()}`);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'ORDER_NOT_FOUND' });
  });

  it('answers 400 for a malformed id or minPosition', async () => {
    expect((await ctx.api.get('/orders/not-a-uuid')).status).toBe(400);
    expect((await ctx.api.get(`/orders/${newId()}`, { minPosition: '1e3' })).status).toBe(400);
  });

  it('answers 503 with Retry-After when the view cannot reach minPosition in time', async () => {
    const fast = await createTestApp({ consistencyTimeoutMs: 50 });
    try {
      const response = await new Api(fast.app).get(`/orders/${newId()}`, { minPosition: '999999' });
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBeDefined();
    } finally {
      await fast.close();
    }
  });
});
