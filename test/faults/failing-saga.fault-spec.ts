import { Api } from '../support/api.js';
import { placeOrder, settledOrder } from '../support/orders.js';
import { PICKY_REACTOR, PickyProcessorsModule, Refusals } from '../support/picky-processors.module.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface ProcessorState {
  name: string;
  kind: string;
  position: string;
  status: string;
  lastError: string | null;
  failedPosition: string | null;
}

/**
 * One checkpoint per saga: a reaction that keeps failing stops its own saga right before the event
 * (failed, with the error) and holds no other back; the EventBus is not fed that event again.
 */
describe('a saga whose reaction keeps failing', () => {
  const refusals = new Refusals();
  let testApp: TestApp;
  let api: Api;
  beforeAll(async () => {
    testApp = await createTestApp({ imports: [PickyProcessorsModule.register(refusals)] });
    api = new Api(testApp.app);
  });
  afterAll(() => testApp.close());

  const states = async () => (await api.get('/projections')).body as ProcessorState[];

  it('shows failed with its error while the other sagas go on', async () => {
    const item = await api.createItem();
    refusals.reactor.add(500);
    const bad = await api.checkIn(item.id, 500);
    const deadline = Date.now() + 10_000;
    let picky: ProcessorState | undefined;
    while (picky?.status !== 'failed') {
      if (Date.now() > deadline) throw new Error(`${PICKY_REACTOR} is ${JSON.stringify(picky)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      picky = (await states()).find(({ name }) => name === PICKY_REACTOR);
    }
    expect(picky).toMatchObject({
      kind: 'reactor',
      failedPosition: bad.position,
      lastError: `ItemsCheckedIn at position ${bad.position}: refuses a check-in of 500`,
    });

    // The fulfilment saga goes on: orders placed after the stuck event are settled.
    const orders = await Promise.all(
      [1, 2, 3].map(() => placeOrder(api, [{ itemId: item.id, quantity: 10 }])),
    );
    for (const order of orders) {
      expect((await settledOrder(api, order.id, order)).body.status).toBe('confirmed');
    }
    const after = await states();
    for (const name of ['order-fulfilment', 'event-bus']) {
      expect(after.find((each) => each.name === name)).toMatchObject({ status: 'running', lastError: null });
    }
    // Still failed at the same event, holding its checkpoint right before it: nothing skipped.
    expect(after.find(({ name }) => name === PICKY_REACTOR)).toMatchObject({
      status: 'failed',
      failedPosition: bad.position,
    });
    expect(Number(after.find(({ name }) => name === PICKY_REACTOR)!.position)).toBeLessThan(
      Number(bad.position),
    );
    expect(refusals.handled).not.toContain(Number(bad.position));
  });
});
