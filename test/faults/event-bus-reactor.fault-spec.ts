import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { filter, firstValueFrom } from 'rxjs';
import { AppModule } from '../../src/app.module.js';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../../src/app.setup.js';
import {
  CausedCommands,
  type DomainEvent,
  EventBusReactor,
  EventStore,
  loadConfig,
  ProcessorSupervisor,
  RelayedEvent,
} from '../../src/core/index.js';
import { ItemsCheckedInEvent, StockReservedEvent } from '../../src/inventory/index.js';
import { OrderPlacedEvent } from '../../src/orders/index.js';
import { Api } from '../support/api.js';
import { settledOrder } from '../support/orders.js';

/** Everything a plain @EventsHandler of @nestjs/cqrs receives from the EventBus reactor, with its metadata. */
const received: { event: DomainEvent; position?: number; eventId?: string }[] = [];

@EventsHandler(ItemsCheckedInEvent, OrderPlacedEvent, StockReservedEvent)
class RecordingHandler implements IEventHandler<DomainEvent> {
  handle(event: DomainEvent): void {
    const recorded = RelayedEvent.current();
    received.push({ event, position: recorded?.position, eventId: recorded?.metadata.eventId });
  }
}

async function startApp(dataDir: string): Promise<INestApplication> {
  const config = { ...loadConfig({ LOG_LEVEL: 'error' }), sqliteSynchronous: 'NORMAL' as const, dataDir };
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register(config)],
    providers: [RecordingHandler],
  })
    .setLogger(false as never)
    .compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(config), APP_OPTIONS);
  configureApp(app, config);
  await app.init();
  // Fastify routes nothing before it is ready (listen() waits for it; supertest does not listen).
  await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  return app;
}

const eventBusReactor = (app: INestApplication) =>
  app.get(ProcessorSupervisor).running(EventBusReactor.processorName)!;

async function relayAtHead(app: INestApplication): Promise<number> {
  const runner = eventBusReactor(app);
  const head = await app.get(EventStore).headPosition();
  if (runner.position < head)
    await firstValueFrom(runner.progress.pipe(filter((position) => position >= head)));
  return head;
}

describe('the EventBus reactor', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-relay-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('feeds committed events to @EventsHandler with their metadata, and resumes from its checkpoint after a restart', async () => {
    received.length = 0;
    const first = await startApp(dataDir);
    const api = new Api(first);
    const { id: itemId } = await api.createItem();
    const checkedIn = await api.checkIn(itemId, 4);
    await relayAtHead(first);
    expect(received).toContainEqual({
      event: expect.any(ItemsCheckedInEvent),
      position: Number(checkedIn.position),
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });

    // It stops (as a crash would stop it) before it sees the next events.
    await eventBusReactor(first).stop();
    const missed = await api.checkIn(itemId, 1);
    await first.close();

    received.length = 0;
    const second = await startApp(dataDir);
    try {
      await relayAtHead(second);
      const positions = received.map(({ position }) => position);
      // Delivered after the restart, and nothing before the checkpoint again.
      expect(positions).toEqual([Number(missed.position)]);
    } finally {
      await second.close();
    }
  });

  it("stamps the saga's commands with a deterministic id, the triggering event as cause and the request's correlation", async () => {
    received.length = 0;
    const app = await startApp(dataDir);
    try {
      const api = new Api(app);
      const { id: itemId } = await api.createItem();
      await api.checkIn(itemId, 5);
      const correlationId = 'corr-order-test-1';
      const response = await api.post(
        '/orders',
        { lines: [{ itemId, quantity: 2 }] },
        { 'X-Correlation-Id': correlationId },
      );
      expect(response.status).toBe(201);
      expect((await settledOrder(api, response.body.id, response.body)).body.status).toBe('confirmed');
      const eventStore = app.get(EventStore);
      const [placed] = await eventStore.readStream(response.body.id);
      const reserved = (await eventStore.readStream(itemId)).find(({ type }) => type === 'StockReserved');
      expect(placed.metadata.correlationId).toBe(correlationId);
      expect(reserved?.metadata).toMatchObject({
        commandId: CausedCommands.commandId(placed, 'reserve-0'),
        causationId: placed.metadata.eventId,
        correlationId,
      });
      await relayAtHead(app);
      expect(received.map(({ event }) => event.constructor)).toEqual(
        expect.arrayContaining([OrderPlacedEvent, StockReservedEvent]),
      );
    } finally {
      await app.close();
    }
  });
});
