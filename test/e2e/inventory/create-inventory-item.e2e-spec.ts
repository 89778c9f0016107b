import { Api } from '../../support/api.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('POST /inventory-items', () => {
  let testApp: TestApp;
  let api: Api;

  beforeAll(async () => {
    testApp = await createTestApp();
    api = new Api(testApp.app);
  });
  afterAll(() => testApp.close());

  it('creates an item with a server-chosen id and answers the command result', async () => {
    const response = await api.post('/inventory-items', { name: 'Widget' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      version: 1,
      position: expect.stringMatching(/^\d+$/),
    });
  });

  it('stores the name trimmed, with no maximum unless given', async () => {
    const created = await api.createItem({ name: '  Gadget  ' });
    const read = await api.item(created.id, created);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      id: created.id,
      name: 'Gadget',
      currentCount: 0,
      maxQty: null,
      version: 1,
      active: true,
    });
    expect(read.headers.etag).toBe('"1"');
    expect(Number(read.headers['x-read-position'])).toBeGreaterThanOrEqual(Number(created.position));
  });
});
