import { useTestApp } from '../../support/test-app.js';

describe('GET /inventory-items', () => {
  const ctx = useTestApp();
  const names = ['delta', 'alpha', 'charlie', 'bravo', 'alpha'];
  let expected: { id: string; name: string }[];
  let lastPosition: string;

  beforeAll(async () => {
    const created = [];
    for (const name of names) created.push({ ...(await ctx.api.createItem({ name })), name });
    const gone = await ctx.api.createItem({ name: 'aardvark' });
    const deactivated = await ctx.api.post(`/inventory-items/${gone.id}/deactivate`, {});
    lastPosition = deactivated.body.position;
    expected = created
      .map(({ id, name }) => ({ id, name }))
      .sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
  });

  it('lists active items by name then id, with the total, limit 50 and offset 0 by default', async () => {
    const response = await ctx.api.get('/inventory-items', { minPosition: lastPosition });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: expected, total: 5, limit: 50, offset: 0 });
    expect(BigInt(response.headers['x-read-position'])).toBeGreaterThanOrEqual(BigInt(lastPosition));
  });

  it('pages with limit and offset', async () => {
    const page = await ctx.api.get('/inventory-items', { limit: 2, offset: 2, minPosition: lastPosition });
    expect(page.body).toEqual({ items: expected.slice(2, 4), total: 5, limit: 2, offset: 2 });
    const beyond = await ctx.api.get('/inventory-items', { limit: 500, offset: 10 });
    expect(beyond.body).toEqual({ items: [], total: 5, limit: 500, offset: 10 });
  });

  it.each([
    [{ limit: 0 }],
    [{ limit: 501 }],
    [{ limit: 'ten' }],
    [{ limit: '5.5' }],
    [{ offset: -1 }],
    [{ offset: '1e3' }],
    [{ minPosition: 'abc' }],
    [{ minPosition: '-1' }],
    [{ unknown: 1 }],
  ])('answers 400 to %j', async (query) => {
    const response = await ctx.api.get('/inventory-items', query as Record<string, string>);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });
});
