import { useTestApp } from '../../support/test-app.js';

describe('error answers', () => {
  const ctx = useTestApp({ bodyLimitBytes: 64 * 1024 });

  it('answers 400 in the Nest shape to malformed JSON', async () => {
    const response = await ctx.api.http
      .post('/inventory-items')
      .set('Content-Type', 'application/json')
      .send('{"name": "Widget"');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
  });

  it('answers 400 to a JSON body that is not an object', async () => {
    for (const body of ['[]', '"Widget"', '42', 'null']) {
      const response = await ctx.api.http
        .post('/inventory-items')
        .set('Content-Type', 'application/json')
        .send(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
  });

  it('answers 415 to a body of another media type, and writes nothing', async () => {
    const before = (await ctx.api.get('/inventory-items')).body.total;
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const response = await ctx.api.http
        .post('/inventory-items')
        .set('Content-Type', contentType)
        .send('name=Widget');
      expect({ contentType, status: response.status, body: response.body }).toEqual({
        contentType,
        status: 415,
        body: expect.objectContaining({ statusCode: 415, error: 'Unsupported Media Type' }),
      });
    }
    expect((await ctx.api.get('/inventory-items')).body.total).toBe(before);
  });

  it('answers 413 to a body over the limit', async () => {
    const response = await ctx.api.post('/inventory-items', { name: 'x'.repeat(70 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('answers 404 in the same shape to an unknown route', async () => {
    const response = await ctx.api.get('/no-such-route');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('lists every validation failure in the message', async () => {
    const response = await ctx.api.post('/inventory-items', { name: '', maxQty: 'many', extra: true });
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual(
      expect.arrayContaining([
        expect.stringContaining('name'),
        expect.stringContaining('maxQty'),
        expect.stringContaining('extra'),
      ]),
    );
  });
});
