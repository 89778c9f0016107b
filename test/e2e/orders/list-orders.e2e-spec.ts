import { Api, newId } from '../../support/api.js';
import { placeOrder, settledOrder } from '../../support/orders.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('GET /orders', () => {
  let testApp: TestApp;
  let api: Api;
  let confirmedIds: string[];
  let rejectedId: string;
  let lastPosition: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    api = new Api(testApp.app);
    const { id: itemId } = await api.createItem();
    await api.checkIn(itemId, 10);
    confirmedIds = [];
    for (let i = 0; i < 3; i++) {
      const placed = await placeOrder(api, [{ itemId, quantity: 1 }]);
      const settled = await settledOrder(api, placed.id, placed);
      confirmedIds.push(placed.id);
      lastPosition = settled.headers['x-read-position'];
    }
    const rejected = await placeOrder(api, [{ itemId: newId(), quantity: 1 }]);
    lastPosition = (await settledOrder(api, rejected.id, rejected)).headers['x-read-position'];
    rejectedId = rejected.id;
  });
  afterAll(() => testApp.close());

  it('lists every order, oldest first, shaped as the detail', async () => {
    const response = await api.get('/orders', { minPosition: lastPosition });
    expect(response.status).toBe(200);
    expect(response.headers['x-read-position']).toMatch(/^\d+$/);
    expect(response.body).toMatchObject({ total: 4, limit: 50, offset: 0 });
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([...confirmedIds, rejectedId]);
    expect(response.body.items[3]).toEqual({
      id: rejectedId,
      status: 'rejected',
      lines: [expect.objectContaining({ quantity: 1 })],
      rejectionReason: expect.any(String),
      version: 2,
    });
  });

  it('filters by status', async () => {
    const confirmed = await api.get('/orders', { status: 'confirmed', minPosition: lastPosition });
    expect(confirmed.body.total).toBe(3);
    expect(confirmed.body.items.every((item: { status: string }) => item.status === 'confirmed')).toBe(true);
    const rejected = await api.get('/orders', { status: 'rejected' });
    expect(rejected.body.items.map((item: { id: string }) => item.id)).toEqual([rejectedId]);
    const pending = await api.get('/orders', { status: 'pending' });
    expect(pending.body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
  });

  it('pages with limit and offset', async () => {
    const response = await api.get('/orders', { limit: 2, offset: 1, minPosition: lastPosition });
    expect(response.body.total).toBe(4);
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual(confirmedIds.slice(1, 3));
  });

  it('is documented in Swagger with the other orders routes', async () => {
    const { body } = await api.get('/docs-json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/orders', '/orders/{id}', '/orders/{id}/cancel']),
    );
    const status = body.paths['/orders'].get.parameters.find((p: { name: string }) => p.name === 'status');
    expect(status.schema.enum).toEqual(['pending', 'confirmed', 'rejected', 'cancelled']);
    expect(Object.keys(body.paths['/orders/{id}/cancel'].post.responses)).toEqual(
      expect.arrayContaining(['200', '400', '404', '409', '422']),
    );
  });

  it.each([
    ['an unknown status', { status: 'shipped' }],
    ['a limit of 0', { limit: 0 }],
    ['a limit above 500', { limit: 501 }],
    ['a negative offset', { offset: -1 }],
    ['a limit that is not digits', { limit: '5abc' }],
    ['an unknown parameter', { sort: 'id' }],
  ])('answers 400 for %s', async (_, query) => {
    const response = await api.get('/orders', query as Record<string, string | number>);
    expect(response.status).toBe(400);
  });
});
