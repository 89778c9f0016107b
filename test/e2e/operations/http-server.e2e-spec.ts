import { connect } from 'node:net';
import { Api } from '../../support/api.js';
import { createTestApp, type TestApp, useTestApp } from '../../support/test-app.js';

describe('the HTTP server: bodies, conditional reads', () => {
  const ctx = useTestApp();

  it.each([
    ['__proto__', '{"name": "Widget", "__proto__": {"maxQty": 1}}'],
    ['__proto__ deeper', '{"name": "Widget", "x": {"__proto__": {"polluted": true}}}'],
    ['constructor.prototype', '{"name": "Widget", "constructor": {"prototype": {"polluted": true}}}'],
    ['constructor', '{"name": "Widget", "constructor": 1}'],
  ])('refuses a %s key in a body with 400, like any unknown field, and writes nothing', async (_, body) => {
    const before = (await ctx.api.get('/inventory-items')).body.total;
    const response = await ctx.api.http
      .post('/inventory-items')
      .set('Content-Type', 'application/json')
      .send(body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'VALIDATION_FAILED',
      errors: [{ field: expect.stringMatching(/^(__proto__|constructor)$/) }],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await ctx.api.get('/inventory-items')).body.total).toBe(before);
  });

  it('answers 415 to a body in another charset or content coding than plain UTF-8', async () => {
    for (const headers of [
      { 'Content-Type': 'application/json; charset=latin1' },
      { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    ]) {
      const response = await ctx.api.http.post('/inventory-items').set(headers).send('{"name":"x"}');
      expect({ headers, status: response.status }).toEqual({ headers, status: 415 });
    }
    const utf8 = await ctx.api.http
      .post('/inventory-items')
      .set('Content-Type', 'application/json; charset=UTF-8')
      .send('{"name":"x"}');
    expect(utf8.status).toBe(201);
  });

  it('takes an empty body as no fields, and refuses a JSON value that is not an object or array', async () => {
    const item = await ctx.api.createItem();
    const empty = await ctx.api.http
      .post(`/inventory-items/${item.id}/deactivate`)
      .set('Content-Type', 'application/json')
      .send('');
    expect(empty.status).toBe(200);
    const scalar = await ctx.api.http
      .post(`/inventory-items/${item.id}/deactivate`)
      .set('Content-Type', 'application/json')
      .send('null');
    expect(scalar.status).toBe(400);
  });

  it('answers 304 without a body to If-None-Match naming the current ETag, and 200 once it moved', async () => {
    const created = await ctx.api.createItem();
    const first = await ctx.api.item(created.id, created).expect(200);
    expect(first.headers.etag).toBe('"1"');
    const same = await ctx.api.item(created.id).set('If-None-Match', '"1"');
    expect(same.status).toBe(304);
    expect(same.text ?? '').toBe('');
    expect(same.headers.etag).toBe('"1"');
    expect((await ctx.api.item(created.id).set('If-None-Match', 'W/"1", "7"')).status).toBe(304);
    expect(
      (await ctx.api.item(created.id).set('If-None-Match', '"1"').set('Cache-Control', 'no-cache')).status,
    ).toBe(200);
    const checkedIn = await ctx.api.checkIn(created.id, 1);
    const moved = await ctx.api.item(created.id, checkedIn).set('If-None-Match', '"1"');
    expect(moved.status).toBe(200);
    expect(moved.headers.etag).toBe('"2"');
  });

  it('routes a path with a trailing slash or in another case as Express did', async () => {
    const created = await ctx.api.createItem();
    expect(
      (await ctx.api.get(`/inventory-items/${created.id}/`, { minPosition: created.position })).status,
    ).toBe(200);
    expect((await ctx.api.get(`/Inventory-Items/${created.id}`)).status).toBe(200);
  });
});

/** Sends `text` on a raw connection and resolves with what the server wrote before it closed. */
function rawExchange(port: number, text: string): Promise<{ answer: string; ms: number }> {
  return new Promise((done, fail) => {
    const started = Date.now();
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', fail);
    socket.on('close', () => done({ answer, ms: Date.now() - started }));
    setTimeout(() => socket.destroy(new Error(`still open after 10 s: ${answer}`)), 10_000).unref();
  });
}

describe('the HTTP server: slow clients', () => {
  let testApp: TestApp;
  let port: number;

  beforeAll(async () => {
    testApp = await createTestApp({
      env: { HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '600' },
    });
    await testApp.app.listen(0, '127.0.0.1');
    port = (testApp.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(() => testApp.close());

  it('answers 408 and closes a connection whose headers never end', async () => {
    const { answer, ms } = await rawExchange(port, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeLessThan(3_000);
  });

  it('answers 408 and closes a connection whose body never ends, and nothing is written', async () => {
    const api = new Api(testApp.app);
    const before = (await api.get('/inventory-items')).body.total;
    const body = '{"name": "Slow';
    const { answer, ms } = await rawExchange(
      port,
      `POST /inventory-items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n${body}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeLessThan(3_000);
    expect((await api.get('/inventory-items')).body.total).toBe(before);
  });

  it('still answers a client that sends in time', async () => {
    const { answer } = await rawExchange(
      port,
      'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});
