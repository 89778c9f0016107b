import { filter, firstValueFrom } from 'rxjs';
import { EventStore, ProcessorSupervisor } from '../../src/core/index.js';
import { itemAt, itemWhen, placeOrder, settledOrder } from '../support/orders.js';
import { useTestApp } from '../support/test-app.js';

describe('the fulfilment saga given the same events again', () => {
  const ctx = useTestApp();

  it('reserves, releases, confirms and rejects nothing twice, even where stock has changed since', async () => {
    const a = (await ctx.api.createItem()).id;
    await ctx.api.checkIn(a, 10);
    const b = (await ctx.api.createItem()).id;
    await ctx.api.checkIn(b, 2);

    const kept = await placeOrder(ctx.api, [{ itemId: a, quantity: 3 }]);
    expect((await settledOrder(ctx.api, kept.id, kept)).body.status).toBe('confirmed');
    const refused = await placeOrder(ctx.api, [
      { itemId: a, quantity: 2 },
      { itemId: b, quantity: 5 },
    ]);
    expect((await settledOrder(ctx.api, refused.id, refused)).body.status).toBe('rejected');
    const cancelledOrder = await placeOrder(ctx.api, [{ itemId: a, quantity: 1 }]);
    expect((await settledOrder(ctx.api, cancelledOrder.id, cancelledOrder)).body.status).toBe('confirmed');
    const cancel = await ctx.api.post(`/orders/${cancelledOrder.id}/cancel`);
    expect(cancel.status).toBe(200);
    await itemWhen(ctx.api, a, cancel.body.position, ({ currentCount }) => currentCount === 7);
    // Enough stock now for the rejected order: a saga that decided again would now reserve it.
    await ctx.api.checkIn(b, 10);

    const processors = ctx.testApp.app.get(ProcessorSupervisor);
    const runner = processors.running('order-fulfilment')!;
    const saga = processors.reactor('order-fulfilment')!;
    const eventStore = ctx.testApp.app.get(EventStore);
    // Let the saga reach the head, then stop it, so that only our deliveries run.
    const head = await eventStore.headPosition();
    if (runner.position < head)
      await firstValueFrom(runner.progress.pipe(filter((position) => position >= head)));
    await runner.stop();
    expect(runner.position).toBe(head);

    const everything = await eventStore.readLog({ after: 0, upTo: head, limit: 10_000 });
    for (let round = 0; round < 2; round++) {
      for (const recorded of everything) if (saga.handles(recorded.type)) await saga.handle(recorded);
    }

    expect(await eventStore.headPosition()).toBe(head);
    expect((await itemAt(ctx.api, a, head)).currentCount).toBe(7);
    expect((await itemAt(ctx.api, b, head)).currentCount).toBe(12);
    const orders = await ctx.api.get('/orders', { minPosition: String(head) });
    const statusOf = (id: string) =>
      orders.body.items.find((order: { id: string }) => order.id === id)?.status as string;
    expect([statusOf(kept.id), statusOf(refused.id), statusOf(cancelledOrder.id)]).toEqual([
      'confirmed',
      'rejected',
      'cancelled',
    ]);
  });
});
