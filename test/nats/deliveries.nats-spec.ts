import { randomUUID } from 'node:crypto';
import { JetStreamClient } from './support/jetstream-reader.js';
import { ADMIN_TOKEN, NatsApp, until } from './support/nats-app.js';
import { NatsServer } from './support/nats-server.js';

const SUBJECT = 'inbound.inventory.deliveries';
const CONSUMER = 'inventory-deliveries';

describe('deliveries in from JetStream (CONTRACT v2: other services)', () => {
  let server: NatsServer;
  let app: NatsApp;
  let client: JetStreamClient;

  beforeAll(async () => {
    server = await NatsServer.start();
    app = await NatsApp.start(server);
    client = await JetStreamClient.open(server.url);
    // The consumer has set up its stream and durable consumer once it is listed as running.
    await until(
      () => app.processor(CONSUMER),
      (entry) => entry?.status === 'running',
    );
  });

  afterAll(async () => {
    await client?.close();
    await app?.dispose();
    await server?.dispose();
  });

  /** The durable consumer, once JetStream has nothing left to deliver to it or wait for. */
  async function settled() {
    return until(
      () => client.jsm.consumers.info('INTEGRATION_INBOUND', CONSUMER),
      (info) => info.num_pending === 0 && info.num_ack_pending === 0,
      60_000,
    );
  }

  async function checkInsOf(item: string): Promise<number> {
    const { body } = await app.process.get(`/inventory-items/${item}/history?limit=1000`);
    return (body.events as { type: string }[]).filter(({ type }) => type === 'ItemsCheckedIn').length;
  }

  it('checks a delivery published twice in once, by its deliveryId', async () => {
    const item = await app.createItem();
    const twice = { deliveryId: randomUUID(), itemId: item, count: 5 };
    await client.publish(SUBJECT, twice);
    await client.publish(SUBJECT, twice);
    await client.publish(SUBJECT, { deliveryId: randomUUID(), itemId: item, count: 2 });
    await settled();
    expect(
      await until(
        () => app.currentCount(item),
        (count) => count === 7,
      ),
    ).toBe(7);
    expect(await checkInsOf(item)).toBe(2);
    // Its lag counts the messages it has still to settle, in its own stream: none.
    const entry = await until(
      () => app.processor(CONSUMER),
      (found) => found?.lag === 0,
    );
    expect(entry).toMatchObject({ deadLetters: 0, lastError: null, lag: 0 });
    expect(entry?.headPosition).toBe(entry?.position);
  });

  it('checks each delivery in once when the application is killed mid-load and JetStream delivers again', async () => {
    const item = await app.createItem();
    for (let i = 0; i < 300; i++)
      await client.publish(SUBJECT, { deliveryId: randomUUID(), itemId: item, count: 1 });
    await until(
      () => app.currentCount(item),
      (count) => count > 0,
    );
    await app.crashAndRestart();
    // Unacknowledged messages come back once their acknowledgement wait (30 s) has passed.
    const info = await settled();
    expect(
      await until(
        () => app.currentCount(item),
        (count) => count === 300,
      ),
    ).toBe(300);
    expect(await checkInsOf(item)).toBe(300);
    // Deliveries beyond one per message: JetStream did deliver some again.
    expect(info.delivered.consumer_seq - info.delivered.stream_seq).toBeGreaterThan(0);
  }, 180_000);

  it('terminates a malformed or refused delivery, logs it and keeps it as a dead letter of the consumer', async () => {
    const item = await app.createItem(10);
    const before = (await app.processor(CONSUMER))?.deadLetters ?? 0;
    const { delivered } = await settled();
    const redeliveredBefore = delivered.consumer_seq - delivered.stream_seq;
    const unknownItem = { deliveryId: randomUUID(), itemId: randomUUID(), count: 1 };
    const overMax = { deliveryId: randomUUID(), itemId: item, count: 11 };
    await client.publish(SUBJECT, 'not json at all');
    await client.publish(SUBJECT, { deliveryId: 'd-1', itemId: item, count: 1 });
    await client.publish(SUBJECT, unknownItem);
    await client.publish(SUBJECT, overMax);
    await client.publish(SUBJECT, { deliveryId: randomUUID(), itemId: item, count: 3 });
    const info = await settled();
    expect(info.delivered.consumer_seq - info.delivered.stream_seq).toBe(redeliveredBefore);
    expect(
      await until(
        () => app.currentCount(item),
        (count) => count === 3,
      ),
    ).toBe(3);

    const entry = await until(
      () => app.processor(CONSUMER),
      (found) => found?.deadLetters === before + 4,
    );
    expect(entry).toMatchObject({ kind: 'reactor', deadLetters: before + 4 });
    const letters = await app.process.fetch(`/projections/${CONSUMER}/dead-letters`, {
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(letters.status).toBe(200);
    const errors = ((await letters.json()) as { error: string; type: string; eventId: string }[]).slice(-4);
    expect(errors.map(({ type }) => type)).toEqual([SUBJECT, SUBJECT, SUBJECT, SUBJECT]);
    expect(errors.map(({ error }) => error)).toEqual([
      expect.stringMatching(/not JSON/),
      expect.stringMatching(/malformed delivery: deliveryId must be a UUID/),
      expect.stringMatching(/INVENTORY_ITEM_NOT_FOUND/),
      expect.stringMatching(/MAX_QTY_EXCEEDED/),
    ]);
    expect(errors[2].eventId).toBe(unknownItem.deliveryId);
    expect(
      app.process.log.match(/refused message \d+ of inbound\.inventory\.deliveries, terminated/g),
    ).toHaveLength(4);
  });
});
