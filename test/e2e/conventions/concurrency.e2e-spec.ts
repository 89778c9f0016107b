import { newId } from '../../support/api.js';
import { useTestApp } from '../../support/test-app.js';

describe('optimistic concurrency', () => {
  const ctx = useTestApp();

  it('accepts If-Match with the current version and refuses a stale one with 409', async () => {
    const created = await ctx.api.createItem();
    const ok = await ctx.api.post(
      `/inventory-items/${created.id}/check-in`,
      { count: 1 },
      { 'If-Match': '"1"' },
    );
    expect(ok.status).toBe(200);
    const stale = await ctx.api.post(
      `/inventory-items/${created.id}/check-in`,
      { count: 1 },
      { 'If-Match': '"1"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      statusCode: 409,
      error: 'Conflict',
      expectedVersion: 1,
      actualVersion: 2,
    });
  });

  it('round-trips the ETag of a read into If-Match', async () => {
    const created = await ctx.api.createItem();
    const read = await ctx.api.item(created.id, created);
    const response = await ctx.api.post(
      `/inventory-items/${created.id}/rename`,
      { name: 'Next' },
      { 'If-Match': read.headers.etag },
    );
    expect(response.status).toBe(200);
  });

  it('answers 400 to a malformed or weak If-Match, or one that disagrees with the body', async () => {
    const created = await ctx.api.createItem();
    for (const header of ['1', 'W/"1"', '"x"', '"1", "2"']) {
      const response = await ctx.api.post(
        `/inventory-items/${created.id}/check-in`,
        { count: 1 },
        { 'If-Match': header },
      );
      expect({ header, status: response.status }).toEqual({ header, status: 400 });
    }
    const disagree = await ctx.api.post(
      `/inventory-items/${created.id}/check-in`,
      { count: 1, expectedVersion: 1 },
      { 'If-Match': '"2"' },
    );
    expect(disagree.status).toBe(400);
  });

  it('loses no update among many concurrent writers without an expected version', async () => {
    const created = await ctx.api.createItem();
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => ctx.api.post(`/inventory-items/${created.id}/check-in`, { count: 1 })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(200));
    const versions = answers.map((answer) => answer.body.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 40 }, (_, index) => index + 2));
    const last = answers.reduce((a, b) => (BigInt(a.body.position) > BigInt(b.body.position) ? a : b));
    expect((await ctx.api.item(created.id, last.body)).body).toMatchObject({ currentCount: 40, version: 41 });
  });

  it('lets exactly one of many writers with the same expected version win', async () => {
    const created = await ctx.api.createItem();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        ctx.api.post(`/inventory-items/${created.id}/check-in`, { count: 1, expectedVersion: 1 }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const history = await ctx.api.get(`/inventory-items/${created.id}/history`);
    expect(history.body.events).toHaveLength(2);
  });

  it('makes one item of many concurrent creates with one id', async () => {
    const id = newId();
    const answers = await Promise.all(
      Array.from({ length: 15 }, () => ctx.api.post('/inventory-items', { id, name: 'Same' })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(15).fill(201));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect((await ctx.api.get(`/inventory-items/${id}/history`)).body.events).toHaveLength(1);
  });
});
