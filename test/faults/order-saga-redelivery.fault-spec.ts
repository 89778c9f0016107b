import { filter, firstValueFrom } from 'rxjs';
import { EventRelay, EventStore } from '../../src/core/index.js';
import { Api } from '../support/api.js';
import { itemAt, itemWhen, placeOrder, settledOrder } from '../support/orders.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('the fulfilment saga given the same events again', () => {
  let testApp: TestApp;
  let api: Api;

  beforeAll(async () => {
    testApp = await createTestApp();
    api = new Api(testApp.app);
  });
  afterAll(() => testApp.close());

  it('reserves, releases, confirms and rejects nothing twice, even where stock has changed since', async () => {
    const a = (await api.createItem()).id;
    await api.checkIn(a, 10);
    const b = (await api.createItem()).id;
    await api.checkIn(b, 2);

    const kept = await placeOrder(api, [{ itemId: a, quantity: 3 }]);
    expect((await settledOrder(api, kept.id, kept)).body.status).toBe('confirmed');
    const refused = await placeOrder(api, [
      { itemId: a, quantity: 2 },
      { itemId: b, quantity: 5 },
    ]);
    expect((await settledOrder(api, refused.id, refused)).body.status).toBe('rejected');
    const cancelledOrder = await placeOrder(api, [{ itemId: a, quantity: 1 }]);
    expect((await settledOrder(api, cancelledOrder.id, cancelledOrder)).body.status).toBe('confirmed');
    const cancel = await api.post(`/orders/${cancelledOrder.id}/cancel`);
    expect(cancel.status).toBe(200);
    await itemWhen(api, a, cancel.body.position, ({ currentCount }) => currentCount === 7);
    // Enough stock now for the rejected order: a saga that decided again would now reserve it.
    await api.checkIn(b, 10);

    const relay = testApp.app.get(EventRelay);
    const eventStore = testApp.app.get(EventStore);
    // Let the relay reach the head, then stop it, so that only our deliveries run.
    const head = await eventStore.headPosition();
    if (relay.position < head)
      await firstValueFrom(relay.progress.pipe(filter((position) => position >= head)));
    await relay.stop();
    expect(relay.position).toBe(head);

    const everything = await eventStore.readLog({ after: 0, upTo: head, limit: 10_000 });
    for (let round = 0; round < 2; round++) {
      for (const recorded of everything) await relay.deliver(recorded);
    }

    expect(await eventStore.headPosition()).toBe(head);
    expect((await itemAt(api, a, head)).currentCount).toBe(7);
    expect((await itemAt(api, b, head)).currentCount).toBe(12);
    const orders = await api.get('/orders', { minPosition: String(head) });
    const statusOf = (id: string) =>
      orders.body.items.find((order: { id: string }) => order.id === id)?.status as string;
    expect([statusOf(kept.id), statusOf(refused.id), statusOf(cancelledOrder.id)]).toEqual([
      'confirmed',
      'rejected',
      'cancelled',
    ]);
  });
});
