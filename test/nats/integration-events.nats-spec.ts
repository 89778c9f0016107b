import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { JetStreamClient } from './support/jetstream-reader.js';
import { NatsApp, until } from './support/nats-app.js';
import { NatsServer } from './support/nats-server.js';

const asyncApi = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../asyncapi.json'), 'utf8')) as {
  components: { messages: Record<string, { payload: object }> };
};

describe('integration events out to JetStream (CONTRACT v2: other services)', () => {
  let server: NatsServer;
  let app: NatsApp;
  let client: JetStreamClient;

  beforeAll(async () => {
    server = await NatsServer.start();
    app = await NatsApp.start(server);
    client = await JetStreamClient.open(server.url);
  });

  afterAll(async () => {
    await client?.close();
    await app?.dispose();
    await server?.dispose();
  });

  it('lists the forwarder and the deliveries consumer among the processors', async () => {
    const entries = await until(
      () => app.processors(),
      (list) => list.some(({ name }) => name === 'inventory-deliveries'),
    );
    expect(entries.find(({ name }) => name === 'nats-integration')).toMatchObject({
      kind: 'forwarder',
      deadLetters: 0,
    });
    expect(entries.find(({ name }) => name === 'inventory-deliveries')).toMatchObject({
      kind: 'reactor',
      deadLetters: 0,
    });
  });

  it("publishes an order's confirmation, rejection and cancellation and every change of stock, in log order, each once with its event id", async () => {
    const item = await app.createItem();
    expect(await app.checkIn(item, 10)).toBe(200);
    const placed = await app.process.post('/orders', { lines: [{ itemId: item, quantity: 3 }] });
    const order = placed.body.id as string;
    await until(
      () => app.process.get(`/orders/${order}`),
      ({ body }) => body.status === 'confirmed',
    );
    expect((await app.process.post(`/orders/${order}/cancel`, {})).status).toBe(200);
    const unknownItem = '00000000-0000-4000-8000-000000000001';
    const rejected = (await app.process.post('/orders', { lines: [{ itemId: unknownItem, quantity: 1 }] }))
      .body.id as string;
    await until(
      () => app.process.get(`/orders/${rejected}`),
      ({ body }) => body.status === 'rejected',
    );
    expect(await app.forwarded()).toMatchObject({ lag: 0, status: 'running', lastError: null });

    const stored = await client.messages('INTEGRATION');
    const mine = stored.filter(({ body }) => {
      const data = body.data as { itemId?: string; orderId?: string };
      return data.itemId === item || data.orderId === order || data.orderId === rejected;
    });
    expect(mine.map(({ subject, body }) => [subject, body.data])).toEqual([
      ['integration.inventory.stock-changed', { itemId: item, currentCount: 10 }],
      ['integration.inventory.stock-changed', { itemId: item, currentCount: 7 }],
      ['integration.orders.order-confirmed', { orderId: order, lines: [{ itemId: item, quantity: 3 }] }],
      ['integration.orders.order-cancelled', { orderId: order, lines: [{ itemId: item, quantity: 3 }] }],
      ['integration.inventory.stock-changed', { itemId: item, currentCount: 10 }],
      [
        'integration.orders.order-rejected',
        { orderId: rejected, lines: [{ itemId: unknownItem, quantity: 1 }], reason: expect.any(String) },
      ],
    ]);
    // Each carries its event's id as Nats-Msg-Id and in its body, once; positions grow with the stream.
    expect(stored.every(({ msgId, body }) => msgId === body.id)).toBe(true);
    expect(new Set(stored.map(({ msgId }) => msgId)).size).toBe(stored.length);
    const positions = stored.map(({ body }) => Number(body.position));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // And each body is what asyncapi.json promises.
    const ajv = new Ajv2020({ strict: true });
    (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
    for (const { body } of stored) {
      const validate = ajv.compile(asyncApi.components.messages[body.type as string].payload);
      expect({ body, errors: validate(body) ? null : validate.errors }).toEqual({ body, errors: null });
    }
  });
});
