import { EventStore } from '../../../src/core/index.js';
import { newId } from '../../support/api.js';
import { placeOrder, settledOrder } from '../../support/orders.js';
import { useTestApp } from '../../support/test-app.js';

/** CONTRACT "v2: errors": one error shape on every route, a test per rule. */

/** The four fields every error body has, whatever its status. */
function expectErrorShape(response: { status: number; body: Record<string, unknown> }, code?: string) {
  expect(response.body).toMatchObject({
    statusCode: response.status,
    error: expect.any(String),
    message: expect.any(String),
    code: code ?? expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
  });
}

describe('error answers (v2)', () => {
  const ctx = useTestApp({ bodyLimitBytes: 64 * 1024, adminToken: 'secret' });
  const head = () => ctx.testApp.app.get(EventStore).headPosition();

  describe('every error has statusCode, error, message (one string) and code', () => {
    it.each([
      ['400 validation', () => ctx.api.post('/inventory-items', { name: '' })],
      ['400 malformed JSON', () => ctx.api.http.post('/orders').type('json').send('{"lines": [')],
      ['400 bad path id', () => ctx.api.post('/orders/not-a-uuid/cancel', {})],
      ['400 bad If-Match', () => ctx.api.post(`/orders/${newId()}/cancel`, {}, { 'If-Match': 'W/"1"' })],
      ['401 admin without a token', () => ctx.api.post('/projections/inventory-list/rebuild')],
      [
        '403 admin with a wrong token',
        () => ctx.api.post('/projections/inventory-list/rebuild', {}, { Authorization: 'Bearer nope' }),
      ],
      ['404 unknown route', () => ctx.api.get('/no-such-route')],
      ['404 unknown item', () => ctx.api.get(`/inventory-items/${newId()}`)],
      [
        '404 unknown projection',
        () => ctx.api.post('/projections/nope/rebuild', {}, { Authorization: 'Bearer secret' }),
      ],
      ['413 body over the limit', () => ctx.api.post('/inventory-items', { name: 'x'.repeat(70 * 1024) })],
      ['415 form-encoded body', () => ctx.api.http.post('/orders').type('form').send('lines=1')],
    ])('%s', async (_, send) => {
      const response = await send();
      expect(response.status).toBeGreaterThanOrEqual(400);
      expectErrorShape(response);
      expect(Array.isArray(response.body.message)).toBe(false);
    });

    it('413 says PAYLOAD_TOO_LARGE, 401 UNAUTHORIZED, 403 FORBIDDEN, an unknown route ROUTE_NOT_FOUND', async () => {
      const tooLarge = await ctx.api.post('/inventory-items', { name: 'x'.repeat(70 * 1024) });
      expectErrorShape(tooLarge, 'PAYLOAD_TOO_LARGE');
      expectErrorShape(await ctx.api.post('/projections/inventory-list/rebuild'), 'UNAUTHORIZED');
      expectErrorShape(
        await ctx.api.post('/projections/inventory-list/rebuild', {}, { Authorization: 'Bearer nope' }),
        'FORBIDDEN',
      );
      expectErrorShape(await ctx.api.get('/no-such-route'), 'ROUTE_NOT_FOUND');
    });
  });

  describe('400 VALIDATION_FAILED: one entry per failing field, one message saying what it must be', () => {
    it('a count given as a string gets one message, not one per constraint', async () => {
      const item = await ctx.api.createItem();
      const response = await ctx.api.post(`/inventory-items/${item.id}/check-in`, { count: '5' });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: 'count must be an integer from 1 to 1,000,000,000',
        errors: [{ field: 'count', message: 'count must be an integer from 1 to 1,000,000,000' }],
      });
    });

    it('a missing field says what it must be', async () => {
      const item = await ctx.api.createItem();
      const response = await ctx.api.post(`/inventory-items/${item.id}/remove`, {});
      expect(response.body.errors).toEqual([
        { field: 'count', message: 'count must be an integer from 1 to 1,000,000,000' },
      ]);
    });

    it('names nested fields by their path, lines[0].quantity', async () => {
      const response = await ctx.api.post('/orders', {
        lines: [
          { itemId: newId(), quantity: 0 },
          { itemId: 'x', quantity: 1 },
        ],
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual([
        { field: 'lines[0].quantity', message: 'lines[0].quantity must be an integer from 1 to 1,000,000' },
        { field: 'lines[1].itemId', message: 'lines[1].itemId must be a UUID' },
      ]);
    });

    it('an order without lines, or with a line that is no object, is a 400 about lines', async () => {
      for (const body of [{}, { lines: [] }, { lines: [[]] }, { lines: 'many' }]) {
        const response = await ctx.api.post('/orders', body);
        expect({ body, status: response.status, errors: response.body.errors }).toEqual({
          body,
          status: 400,
          errors: [
            {
              field: 'lines',
              message: 'lines must be an array of 1 to 100 lines, each { itemId, quantity }',
            },
          ],
        });
      }
    });

    it('lists every failing field once, unknown fields included', async () => {
      const response = await ctx.api.post('/inventory-items', { name: '', maxQty: 'many', extra: true });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { field: 'extra', message: 'extra is not a known field' },
        { field: 'name', message: 'name must be a string of 1 to 200 characters (after trimming)' },
        { field: 'maxQty', message: 'maxQty must be null or an integer from 1 to 1,000,000,000' },
      ]);
      expect(response.body.message).toBe(
        response.body.errors.map((error: { message: string }) => error.message).join('; '),
      );
    });

    it('a malformed path id and query parameters are fields too', async () => {
      const byId = await ctx.api.get('/orders/not-a-uuid');
      expect(byId.status).toBe(400);
      expect(byId.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'id', message: 'id must be a UUID' }],
      });
      const list = await ctx.api.get('/orders', { limit: '0', status: 'lost' });
      expect(list.body.errors).toEqual([
        { field: 'status', message: 'status must be one of pending, confirmed, rejected, cancelled' },
        { field: 'limit', message: 'limit must be an integer from 1 to 500' },
      ]);
    });

    it('a minPosition of 16 or more digits is told the real limit', async () => {
      for (const path of [
        '/inventory-items',
        `/inventory-items/${newId()}`,
        `/inventory-items/${newId()}/history`,
      ]) {
        const response = await ctx.api.get(path, { minPosition: '9'.repeat(16) });
        expect({ path, status: response.status, errors: response.body.errors }).toEqual({
          path,
          status: 400,
          errors: [
            {
              field: 'minPosition',
              message:
                'minPosition must be a log position: 1 to 15 decimal digits (at most 999,999,999,999,999)',
            },
          ],
        });
      }
    });
  });

  describe('400 MALFORMED_JSON', () => {
    it('answers a body that is not JSON, or JSON that is not an object', async () => {
      for (const body of ['{"name": "Widget"', '[]', '"Widget"', '42', 'null']) {
        const before = await head();
        const response = await ctx.api.http
          .post('/inventory-items')
          .set('Content-Type', 'application/json')
          .send(body);
        expect({ body, status: response.status, code: response.body.code }).toEqual({
          body,
          status: 400,
          code: 'MALFORMED_JSON',
        });
        expect(await head()).toBe(before);
      }
    });
  });

  describe('404: an unknown aggregate answers alike on the command and the query side', () => {
    it('inventory items: INVENTORY_ITEM_NOT_FOUND with itemId, for every route', async () => {
      const id = newId();
      const expected = {
        statusCode: 404,
        error: 'Not Found',
        code: 'INVENTORY_ITEM_NOT_FOUND',
        message: `Inventory item ${id} does not exist`,
        itemId: id,
      };
      const answers = [
        await ctx.api.post(`/inventory-items/${id}/check-in`, { count: 1 }),
        await ctx.api.post(`/inventory-items/${id}/remove`, { count: 1 }),
        await ctx.api.post(`/inventory-items/${id}/rename`, { name: 'x' }),
        await ctx.api.post(`/inventory-items/${id}/max-qty`, { maxQty: 1 }),
        await ctx.api.post(`/inventory-items/${id}/deactivate`, {}),
        await ctx.api.get(`/inventory-items/${id}`),
        await ctx.api.get(`/inventory-items/${id}/history`),
      ];
      for (const answer of answers)
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 404, body: expected });
    });

    it('orders: ORDER_NOT_FOUND with orderId, on cancel and on read', async () => {
      const id = newId();
      const expected = {
        statusCode: 404,
        error: 'Not Found',
        code: 'ORDER_NOT_FOUND',
        message: `Order ${id} does not exist`,
        orderId: id,
      };
      const cancel = await ctx.api.post(`/orders/${id}/cancel`, {});
      const read = await ctx.api.get(`/orders/${id}`);
      expect([cancel.status, cancel.body, read.status, read.body]).toEqual([404, expected, 404, expected]);
    });

    it("an order's id on an inventory route, and an item's on an order route, is unknown too", async () => {
      const item = await ctx.api.createItem();
      await ctx.api.checkIn(item.id, 5);
      const order = await placeOrder(ctx.api, [{ itemId: item.id, quantity: 1 }]);
      await settledOrder(ctx.api, order.id, order);
      const before = await head();
      const onItemRoutes = [
        await ctx.api.post(`/inventory-items/${order.id}/check-in`, { count: 1 }),
        await ctx.api.post(`/inventory-items/${order.id}/deactivate`, {}),
        await ctx.api.get(`/inventory-items/${order.id}`, { minPosition: order.position }),
        await ctx.api.get(`/inventory-items/${order.id}/history`),
      ];
      for (const answer of onItemRoutes) {
        expect({ status: answer.status, code: answer.body.code }).toEqual({
          status: 404,
          code: 'INVENTORY_ITEM_NOT_FOUND',
        });
      }
      const onOrderRoutes = [
        await ctx.api.post(`/orders/${item.id}/cancel`, {}),
        await ctx.api.get(`/orders/${item.id}`),
      ];
      for (const answer of onOrderRoutes) {
        expect({ status: answer.status, code: answer.body.code }).toEqual({
          status: 404,
          code: 'ORDER_NOT_FOUND',
        });
      }
      expect(await head()).toBe(before);
    });
  });

  describe('415 for a body of another media type', () => {
    it.each([
      ['application/x-www-form-urlencoded', 'name=Widget'],
      ['text/plain', '{"name":"Widget"}'],
      ['application/xml', '<name>Widget</name>'],
    ])('%s, and nothing is written', async (type, body) => {
      const before = await head();
      const response = await ctx.api.http.post('/inventory-items').set('Content-Type', type).send(body);
      expect(response.status).toBe(415);
      expectErrorShape(response, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await head()).toBe(before);
    });

    it('a command without a body needs no content type', async () => {
      const item = await ctx.api.createItem();
      const response = await ctx.api.http.post(`/inventory-items/${item.id}/deactivate`);
      expect(response.status).toBe(200);
    });
  });
});
