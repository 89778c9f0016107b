import { ProcessorSupervisor } from '../../../src/core/index.js';
import { useTestApp } from '../../support/test-app.js';

describe('read-your-writes', () => {
  // Long enough for a stopped projector to start again and catch up on a loaded machine (the PostgreSQL
  // suite runs in parallel: 300 ms was not), short enough for the 503 case to wait it out.
  const ctx = useTestApp({ consistencyTimeoutMs: 1500 });

  it('answers a query with minPosition only once its views passed that position', async () => {
    const created = await ctx.api.createItem();
    const commands = await Promise.all(Array.from({ length: 10 }, () => ctx.api.checkIn(created.id, 1)));
    const last = commands.reduce((a, b) => (BigInt(a.position) > BigInt(b.position) ? a : b));
    const response = await ctx.api.item(created.id, last);
    expect(response.status).toBe(200);
    expect(response.body.currentCount).toBe(10);
    expect(BigInt(response.headers['x-read-position'])).toBeGreaterThanOrEqual(BigInt(last.position));
  });

  it('answers 503 with Retry-After when the views do not get there in time', async () => {
    const created = await ctx.api.createItem();
    const response = await ctx.api.item(created.id, {
      ...created,
      position: String(BigInt(created.position) + 1000n),
    });
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
  });

  it('waits for a projection that is behind, rather than answering stale data', async () => {
    const created = await ctx.api.createItem();
    const runner = ctx.testApp.app.get(ProcessorSupervisor).running('inventory-item-details');
    await runner?.stop();
    const checkedIn = await ctx.api.checkIn(created.id, 7);
    const pending = ctx.api.item(created.id, checkedIn).then((answer) => answer);
    await runner?.start();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.body.currentCount).toBe(7);
  });

  it('answers 400 to a minPosition that is not plain digits', async () => {
    const created = await ctx.api.createItem();
    for (const minPosition of ['1.5', '-1', 'abc', '0x10', '']) {
      const response = await ctx.api.get(`/inventory-items/${created.id}`, { minPosition });
      expect({ minPosition, status: response.status }).toEqual({ minPosition, status: 400 });
    }
  });
});
