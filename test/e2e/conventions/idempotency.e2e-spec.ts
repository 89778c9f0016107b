import { setTimeout } from 'node:timers/promises';
import { WriteTransactions } from '../../../src/core/index.js';
import { newId } from '../../support/api.js';
import { useTestApp } from '../../support/test-app.js';

describe('Idempotency-Key', () => {
  const ctx = useTestApp();
  const history = async (id: string) => (await ctx.api.get(`/inventory-items/${id}/history`)).body.events;

  it('answers a retry with the first answer and writes nothing', async () => {
    const created = await ctx.api.createItem();
    const key = { 'Idempotency-Key': newId() };
    const first = await ctx.api.post(`/inventory-items/${created.id}/check-in`, { count: 2 }, key);
    const retry = await ctx.api.post(`/inventory-items/${created.id}/check-in`, { count: 2 }, key);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(await history(created.id)).toHaveLength(2);
  });

  it('replays a create with a key as 201, without a second item', async () => {
    const key = { 'Idempotency-Key': `create-${newId()}` };
    const first = await ctx.api.post('/inventory-items', { name: 'Keyed' }, key);
    const retry = await ctx.api.post('/inventory-items', { name: 'Keyed' }, key);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
  });

  it('answers 422 to the same key with a different body, writing nothing', async () => {
    const created = await ctx.api.createItem();
    const key = { 'Idempotency-Key': newId() };
    await ctx.api.post(`/inventory-items/${created.id}/check-in`, { count: 2 }, key);
    const other = await ctx.api.post(`/inventory-items/${created.id}/check-in`, { count: 3 }, key);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await history(created.id)).toHaveLength(2);
  });

  it('replays a refusal as it was first answered', async () => {
    const created = await ctx.api.createItem();
    const key = { 'Idempotency-Key': newId() };
    const first = await ctx.api.post(`/inventory-items/${created.id}/remove`, { count: 1 }, key);
    await ctx.api.checkIn(created.id, 5);
    const retry = await ctx.api.post(`/inventory-items/${created.id}/remove`, { count: 1 }, key);
    expect(first.status).toBe(422);
    expect(retry.status).toBe(422);
    expect(retry.body).toEqual(first.body);
    expect(await history(created.id)).toHaveLength(2);
  });

  it.each([
    ['a broken rule (422)', (id: string) => [`/inventory-items/${id}/remove`, { count: 1 }]],
    ['an unknown item (404)', () => [`/inventory-items/${newId()}/check-in`, { count: 1 }]],
    [
      'a version conflict (409)',
      (id: string) => [`/inventory-items/${id}/rename`, { name: 'x', expectedVersion: 7 }],
    ],
    [
      'a field that fails validation (400)',
      (id: string) => [`/inventory-items/${id}/check-in`, { count: 0 }],
    ],
  ] as const)('replays %s byte for byte as first answered', async (_, request) => {
    const created = await ctx.api.createItem();
    const [path, body] = request(created.id) as [string, object];
    const key = { 'Idempotency-Key': newId() };
    const first = await ctx.api.post(path, body, key);
    const retry = await ctx.api.post(path, body, key);
    expect(first.status).toBeGreaterThanOrEqual(400);
    expect([retry.status, retry.headers['content-type'], retry.text]).toEqual([
      first.status,
      first.headers['content-type'],
      first.text,
    ]);
  });

  it('answers 409 to a retry while the first is still in flight', async () => {
    const created = await ctx.api.createItem();
    const key = { 'Idempotency-Key': newId() };
    // Hold the write store so that the first request stays in flight.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writes = ctx.testApp.app.get(WriteTransactions);
    const holding = writes.run(() => held);
    const first = ctx.api
      .post(`/inventory-items/${created.id}/check-in`, { count: 1 }, key)
      .then((answer) => answer);
    await new Promise((resolve) => setImmediate(resolve));
    let second;
    let queued;
    for (let attempt = 0; attempt < 50; attempt++) {
      // A retry that is not refused at once queues behind the held store: bounded, so that a missing
      // in-flight check fails this test instead of hanging it.
      const retry = ctx.api.post(`/inventory-items/${created.id}/check-in`, { count: 1 }, key).then((a) => a);
      second = await Promise.race([retry, setTimeout(2_000, undefined)]);
      if (second?.status === 409) break;
      if (!second) {
        queued = retry;
        break;
      }
    }
    release();
    await holding;
    await queued;
    expect(second?.status).toBe(409);
    expect(second?.body).toMatchObject({ code: 'REQUEST_IN_FLIGHT' });
    expect((await first).status).toBe(200);
    expect(await history(created.id)).toHaveLength(2);
  });

  it('answers 400 to a malformed key', async () => {
    const created = await ctx.api.createItem();
    const response = await ctx.api.post(
      `/inventory-items/${created.id}/check-in`,
      { count: 1 },
      { 'Idempotency-Key': 'x'.repeat(300) },
    );
    expect(response.status).toBe(400);
  });
});
