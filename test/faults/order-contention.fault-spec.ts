import { type CommandResult } from '../support/api.js';
import { itemAt, settledOrder } from '../support/orders.js';
import { useTestApp } from '../support/test-app.js';

interface Line {
  itemId: string;
  quantity: number;
}

describe('50 concurrent orders for scarce stock', () => {
  const ctx = useTestApp();

  it('never takes stock below zero; confirmed quantities plus what remains equal what was checked in', async () => {
    const x = (await ctx.api.createItem({ name: 'Scarce X' })).id;
    const y = (await ctx.api.createItem({ name: 'Scarce Y' })).id;
    await ctx.api.checkIn(x, 20);
    await ctx.api.checkIn(y, 15);

    const orders: Line[][] = Array.from({ length: 50 }, (_, i) => [
      { itemId: x, quantity: 1 + (i % 3) },
      ...(i % 2 === 0 ? [{ itemId: y, quantity: 1 + (i % 4) }] : []),
    ]);
    // Clients take stock out at the same time, racing the saga for the same items.
    const removals = Array.from({ length: 5 }, () =>
      ctx.api.post(`/inventory-items/${x}/remove`, { count: 1 }),
    );
    const placements = orders.map((lines) => ctx.api.post('/orders', { lines }));
    const [removed, placed] = await Promise.all([Promise.all(removals), Promise.all(placements)]);
    expect(placed.every((response) => response.status === 201)).toBe(true);
    const removedCount = removed.filter((response) => response.status === 200).length;
    expect(removed.every((response) => response.status === 200 || response.status === 422)).toBe(true);

    const held = new Map([
      [x, 0],
      [y, 0],
    ]);
    let rejected = 0;
    let last = '0';
    for (const [index, response] of placed.entries()) {
      const settled = await settledOrder(ctx.api, response.body.id, response.body as CommandResult);
      const { status } = settled.body;
      expect(['confirmed', 'rejected']).toContain(status);
      if (status === 'confirmed') {
        for (const { itemId, quantity } of orders[index]) held.set(itemId, held.get(itemId)! + quantity);
      } else {
        expect(settled.body.rejectionReason).toMatch(/in stock/);
        rejected += 1;
      }
      last = String(Math.max(Number(last), Number(settled.headers['x-read-position'])));
    }

    const xNow = await itemAt(ctx.api, x, last);
    const yNow = await itemAt(ctx.api, y, last);
    expect(xNow.currentCount).toBeGreaterThanOrEqual(0);
    expect(yNow.currentCount).toBeGreaterThanOrEqual(0);
    expect(held.get(x)! + xNow.currentCount + removedCount).toBe(20);
    expect(held.get(y)! + yNow.currentCount).toBe(15);
    // Scarce indeed: some orders got stock, others were refused for the lack of it.
    expect(held.get(x)).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});
