import { Api, newId } from '../../support/api.js';
import { itemWhen, placeOrder, settledOrder } from '../../support/orders.js';
import { ProcessorSupervisor } from '../../../src/core/index.js';
import { createTestApp, useTestApp } from '../../support/test-app.js';

describe('POST /orders/:id/cancel', () => {
  const ctx = useTestApp();

  async function confirmedOrder(stock: number, quantity: number) {
    const { id: itemId } = await ctx.api.createItem();
    await ctx.api.checkIn(itemId, stock);
    const placed = await placeOrder(ctx.api, [{ itemId, quantity }]);
    const settled = await settledOrder(ctx.api, placed.id, placed);
    expect(settled.body.status).toBe('confirmed');
    return { itemId, orderId: placed.id, settled };
  }

  async function rejectedOrder() {
    const placed = await placeOrder(ctx.api, [{ itemId: newId(), quantity: 1 }]);
    const settled = await settledOrder(ctx.api, placed.id, placed);
    expect(settled.body.status).toBe('rejected');
    return placed.id;
  }

  it('cancels a confirmed order and gives its stock back', async () => {
    const { itemId, orderId } = await confirmedOrder(5, 3);
    const response = await ctx.api.post(`/orders/${orderId}/cancel`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: orderId, version: 3, position: expect.stringMatching(/^\d+$/) });
    const read = await ctx.api.get(`/orders/${orderId}`, { minPosition: response.body.position });
    expect(read.body).toMatchObject({ status: 'cancelled', version: 3 });
    // The release is the saga's, at a position the client does not know: read until it shows.
    const item = await itemWhen(
      ctx.api,
      itemId,
      response.body.position,
      ({ currentCount }) => currentCount !== 2,
    );
    expect(item.currentCount).toBe(5);
  });

  it('accepts the expected version in the body or as If-Match', async () => {
    const first = await confirmedOrder(5, 1);
    expect((await ctx.api.post(`/orders/${first.orderId}/cancel`, { expectedVersion: 2 })).status).toBe(200);
    const second = await confirmedOrder(5, 1);
    expect((await ctx.api.post(`/orders/${second.orderId}/cancel`, {}, { 'If-Match': '"2"' })).status).toBe(
      200,
    );
  });

  it('answers 409 with both versions on a version mismatch', async () => {
    const { orderId } = await confirmedOrder(5, 1);
    const response = await ctx.api.post(`/orders/${orderId}/cancel`, { expectedVersion: 1 });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ statusCode: 409, expectedVersion: 1, actualVersion: 2 });
  });

  it('answers 422 for a rejected order', async () => {
    const orderId = await rejectedOrder();
    const response = await ctx.api.post(`/orders/${orderId}/cancel`);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ statusCode: 422, code: 'ORDER_NOT_CANCELLABLE' });
    expect(response.body.message).toMatch(/rejected/);
  });

  it('answers 422 for an order cancelled already', async () => {
    const { orderId } = await confirmedOrder(5, 1);
    expect((await ctx.api.post(`/orders/${orderId}/cancel`)).status).toBe(200);
    const again = await ctx.api.post(`/orders/${orderId}/cancel`);
    expect(again.status).toBe(422);
    expect(again.body.message).toMatch(/cancelled/);
  });

  it('answers 422 for an order still pending', async () => {
    // With the fulfilment saga stopped, the order stays pending.
    const idle = await createTestApp();
    try {
      await idle.app.get(ProcessorSupervisor).running('order-fulfilment')?.stop();
      const idleApi = new Api(idle.app);
      const placed = await placeOrder(idleApi, [{ itemId: newId(), quantity: 1 }]);
      const response = await idleApi.post(`/orders/${placed.id}/cancel`);
      expect(response.status).toBe(422);
      expect(response.body.message).toMatch(/still pending/);
      const read = await idleApi.get(`/orders/${placed.id}`, { minPosition: placed.position });
      expect(read.body.status).toBe('pending');
    } finally {
      await idle.close();
    }
  });

  it('lets one of two concurrent cancels win; the other sees the order cancelled (422)', async () => {
    const { orderId } = await confirmedOrder(5, 1);
    const answers = await Promise.all([
      ctx.api.post(`/orders/${orderId}/cancel`),
      ctx.api.post(`/orders/${orderId}/cancel`),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 422]);
  });

  it('answers 404 for an unknown order', async () => {
    const response = await ctx.api.post(`/orders/${newId()}/cancel`);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers 400 for a malformed id, an unknown field or a bad expectedVersion', async () => {
    expect((await ctx.api.post('/orders/not-a-uuid/cancel')).status).toBe(400);
    const { orderId } = await confirmedOrder(5, 1);
    expect((await ctx.api.post(`/orders/${orderId}/cancel`, { reason: 'x' })).status).toBe(400);
    expect((await ctx.api.post(`/orders/${orderId}/cancel`, { expectedVersion: '2' })).status).toBe(400);
  });

  it('replays the first answer to a retry with the same Idempotency-Key', async () => {
    const { orderId } = await confirmedOrder(5, 1);
    const headers = { 'Idempotency-Key': newId() };
    const first = await ctx.api.post(`/orders/${orderId}/cancel`, {}, headers);
    const retry = await ctx.api.post(`/orders/${orderId}/cancel`, {}, headers);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
  });
});
