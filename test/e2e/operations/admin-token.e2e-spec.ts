import { Api } from '../../support/api.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const REBUILD = '/projections/inventory-list/rebuild';

describe('admin endpoints with ADMIN_TOKEN set', () => {
  let testApp: TestApp;
  let api: Api;

  beforeAll(async () => {
    testApp = await createTestApp({ adminToken: 's3cret-token' });
    api = new Api(testApp.app);
  });
  afterAll(() => testApp.close());

  it('answers 401 without a token', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { Authorization: 'Basic czNjcmV0' },
      { Authorization: 'Bearer' },
    ]) {
      const response = await api.post(REBUILD, {}, headers);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.any(String),
      });
    }
  });

  it('answers 403 with a wrong token, whatever its length', async () => {
    for (const token of ['wrong', 's3cret-toke', 's3cret-token!', 'S3CRET-TOKEN']) {
      const response = await api.post(REBUILD, {}, { Authorization: `Bearer ${token}` });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    }
  });

  it('accepts the right token', async () => {
    const response = await api.post(REBUILD, {}, { Authorization: 'Bearer s3cret-token' });
    expect(response.status).toBe(202);
  });
});

describe('admin endpoints with ADMIN_TOKEN unset', () => {
  let testApp: TestApp;
  let api: Api;

  beforeAll(async () => {
    testApp = await createTestApp({ adminToken: undefined });
    api = new Api(testApp.app);
  });
  afterAll(() => testApp.close());

  it('refuses every request with 403, with or without a token', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { Authorization: 'Bearer ' },
      { Authorization: 'Bearer anything' },
    ]) {
      const response = await api.post(REBUILD, {}, headers);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    }
  });

  it('still serves the read-only operations routes', async () => {
    expect((await api.get('/projections')).status).toBe(200);
  });
});
