import type { DiscoveryService } from '@nestjs/core';
import { type AppConfig, DestinationUnavailableError, loadConfig } from '../../src/core/index.js';
import { IntegrationForwarder } from '../../src/core/integration/integration-forwarder.js';
import { NatsLink } from '../../src/core/integration/nats-link.js';
import { MappingSpec } from '../../src/core/testing/mapping-spec.js';
import {
  InventoryIntegrationMapping,
  InventoryItemCreatedEvent,
  ItemsCheckedInEvent,
} from '../../src/inventory/index.js';
import { OrderConfirmedEvent, OrderPlacedEvent, OrdersIntegrationMapping } from '../../src/orders/index.js';
import { JetStreamClient } from './support/jetstream-reader.js';
import { NatsServer } from './support/nats-server.js';

const ITEM = '6f1c7a0e-1d2b-4c3d-8e9f-0a1b2c3d4e5f';
const ORDER = '11111111-1111-4111-8111-111111111111';

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** The forwarder of the application, fed by hand, as its processor runtime feeds it. */
function forwarderFor(
  spec: MappingSpec,
  server: NatsServer,
): { forwarder: IntegrationForwarder; link: NatsLink } {
  const config: AppConfig = loadConfig({ NATS_URL: server.url });
  const link = new NatsLink(config);
  const mappings = [
    new InventoryIntegrationMapping(spec.eventStore),
    new OrdersIntegrationMapping(spec.eventStore),
  ];
  const discovery = {
    getProviders: () => mappings.map((instance) => ({ instance })),
  } as unknown as DiscoveryService;
  const forwarder = new IntegrationForwarder(discovery, link, spec.eventStore);
  forwarder.onModuleInit();
  link.onApplicationBootstrap();
  return { forwarder, link };
}

async function until<T>(
  what: () => Promise<T> | T,
  ok: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (ok(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

function history(): MappingSpec {
  return new MappingSpec()
    .append(ITEM, new InventoryItemCreatedEvent(ITEM, 'Widget', null), new ItemsCheckedInEvent(ITEM, 4))
    .append(
      ORDER,
      new OrderPlacedEvent(ORDER, [{ itemId: ITEM, quantity: 2 }]),
      new OrderConfirmedEvent(ORDER),
    );
}

describe('the integration forwarder against a real nats-server', () => {
  const servers: NatsServer[] = [];
  const links: NatsLink[] = [];
  afterEach(async () => {
    await Promise.all(links.splice(0).map((link) => link.onApplicationShutdown()));
    await Promise.all(servers.splice(0).map((server) => server.dispose()));
  });

  it('creates the stream, publishes each integration event once by Nats-Msg-Id, even when handed it twice', async () => {
    const server = await NatsServer.start();
    servers.push(server);
    const spec = history();
    const { forwarder, link } = forwarderFor(spec, server);
    links.push(link);
    await until(() => link.connected, Boolean);
    for (const recorded of [...spec.log, ...spec.log]) await forwarder.handle(recorded);

    const client = await JetStreamClient.open(server.url);
    const stored = await client.messages('INTEGRATION');
    await client.close();
    expect(
      stored.map(({ subject, msgId, body }) => ({
        subject,
        msgId,
        type: body.type,
        position: body.position,
      })),
    ).toEqual([
      {
        subject: 'integration.inventory.stock-changed',
        msgId: spec.log[1].metadata.eventId,
        type: 'inventory.stock-changed.v1',
        position: '2',
      },
      {
        subject: 'integration.orders.order-confirmed',
        msgId: spec.log[3].metadata.eventId,
        type: 'orders.order-confirmed.v1',
        position: '4',
      },
    ]);
    expect(stored[1].body).toEqual({
      id: spec.log[3].metadata.eventId,
      type: 'orders.order-confirmed.v1',
      occurredAt: spec.log[3].metadata.occurredAt,
      position: '4',
      data: { orderId: ORDER, lines: [{ itemId: ITEM, quantity: 2 }] },
    });
  });

  it('reports NATS unavailable, with the reason, while it is down, and publishes once it is up', async () => {
    const server = await NatsServer.notStarted();
    servers.push(server);
    const spec = history();
    const { forwarder, link } = forwarderFor(spec, server);
    links.push(link);
    const failure = await forwarder.handle(spec.log[1]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DestinationUnavailableError);
    expect(String(failure)).toMatch(/NATS is unavailable: .*127\.0\.0\.1:\d+/);

    await server.restart();
    await until(() => link.connected, Boolean);
    await forwarder.handle(spec.log[1]);
    const client = await JetStreamClient.open(server.url);
    // The next event with a message (the order's confirmation) went along, in log order.
    expect((await client.messages('INTEGRATION')).map(({ msgId }) => msgId)).toEqual([
      spec.log[1].metadata.eventId,
      spec.log[3].metadata.eventId,
    ]);
    await client.close();
  });
});
