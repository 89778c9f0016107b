import { Api } from '../../support/api.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('HTTP hardening with the default configuration', () => {
  let testApp: TestApp;
  let api: Api;

  beforeAll(async () => {
    testApp = await createTestApp();
    api = new Api(testApp.app);
  });
  afterAll(() => testApp.close());

  it('answers 413 in the JSON error shape to a body over 1 MiB', async () => {
    const response = await api.http
      .post('/inventory-items')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.any(String),
    });
  });

  it('accepts a body just under the limit (then validates it)', async () => {
    const response = await api.post('/inventory-items', { name: 'x'.repeat(1024 * 1024 - 100) });
    expect(response.status).toBe(400);
  });

  it('sends security headers and hides the framework', async () => {
    const response = await api.get('/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('still serves the Swagger UI under the content security policy', async () => {
    const response = await api.get('/docs');
    expect(response.status).toBe(200);
  });

  it('leaves CORS off', async () => {
    const preflight = await api.http
      .options('/inventory-items')
      .set('Origin', 'https://app.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const get = await api.get('/health').set('Origin', 'https://app.example');
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('HTTP hardening as configured', () => {
  let testApp: TestApp;
  let api: Api;

  beforeAll(async () => {
    testApp = await createTestApp({ env: { CORS_ORIGINS: 'https://app.example, https://admin.example' } });
    api = new Api(testApp.app);
  });
  afterAll(() => testApp.close());

  it('allows the origins CORS_ORIGINS names, and only those', async () => {
    const preflight = await api.http
      .options('/inventory-items')
      .set('Origin', 'https://admin.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://admin.example');
    const get = await api.get('/health').set('Origin', 'https://app.example');
    expect(get.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(get.headers['access-control-expose-headers']).toContain('X-Read-Position');
    const stranger = await api.get('/health').set('Origin', 'https://evil.example');
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 413 above a configured BODY_LIMIT_BYTES', async () => {
    const small = await createTestApp({ bodyLimitBytes: 200 });
    try {
      const smallApi = new Api(small.app);
      expect((await smallApi.post('/inventory-items', { name: 'x'.repeat(150) })).status).toBe(201);
      const response = await smallApi.post('/inventory-items', { name: 'x'.repeat(250) });
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    } finally {
      await small.close();
    }
  });
});
