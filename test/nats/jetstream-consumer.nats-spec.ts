import {
  type AppConfig,
  type InboundMessage,
  type InboundOutcome,
  JetStreamConsumer,
  loadConfig,
  refused,
  DONE,
} from '../../src/core/index.js';
import { InboundDeadLetters } from '../../src/core/integration/inbound-dead-letters.js';
import { InboundRuntime } from '../../src/core/integration/inbound-runtime.js';
import { NatsLink } from '../../src/core/integration/nats-link.js';
import type { DeadLetter } from '../../src/core/processors/processor.js';
import { SingleProcessLease } from '../../src/core/projections/single-process-lease.js';
import { JetStreamClient } from './support/jetstream-reader.js';
import { until } from './support/nats-app.js';
import { NatsServer } from './support/nats-server.js';

const SUBJECT = 'inbound.test.things';

class CollectedDeadLetters extends InboundDeadLetters {
  readonly letters: DeadLetter[] = [];
  async record(letter: DeadLetter): Promise<void> {
    this.letters.push(letter);
  }
}

/** Done for `{ ok: true }`, refused for `{ ok: false }`, throws (an outage) the first time for `{ flaky: true }`. */
class ThingsConsumer extends JetStreamConsumer {
  readonly name = 'test-things';
  readonly subject = SUBJECT;
  readonly seen: { body: unknown; deliveryCount: number }[] = [];

  protected async handle({ body, deliveryCount }: InboundMessage): Promise<InboundOutcome> {
    this.seen.push({ body, deliveryCount });
    const thing = body as { ok?: boolean; flaky?: boolean; id?: string };
    if (thing.flaky && deliveryCount === 1) throw new Error('the store is down');
    return thing.ok === false ? refused('not ok', thing.id, 'thing') : DONE;
  }
}

describe('a JetStream consumer against a real nats-server', () => {
  let server: NatsServer;
  let link: NatsLink;
  let consumer: ThingsConsumer;
  let deadLetters: CollectedDeadLetters;
  let client: JetStreamClient;

  beforeAll(async () => {
    server = await NatsServer.start();
    const config: AppConfig = loadConfig({ NATS_URL: server.url });
    link = new NatsLink(config);
    link.onApplicationBootstrap();
    deadLetters = new CollectedDeadLetters();
    consumer = new ThingsConsumer(new InboundRuntime(link, new SingleProcessLease(), deadLetters, config));
    await consumer.onApplicationBootstrap();
    client = await JetStreamClient.open(server.url);
  });

  afterAll(async () => {
    await consumer?.beforeApplicationShutdown();
    await link?.onApplicationShutdown();
    await client?.close();
    await server?.dispose();
  });

  it('creates its stream and durable consumer, acknowledges what is done, terminates what is refused, delivers a failure again', async () => {
    expect(
      await until(
        () => consumer.state().status,
        (status) => status === 'running',
      ),
    ).toBe('running');
    expect(await until(() => client.jsm.streams.find(SUBJECT).catch(() => ''), Boolean)).toBe(
      'INTEGRATION_INBOUND',
    );
    await client.publish(SUBJECT, { ok: true });
    await client.publish(SUBJECT, { ok: false, id: 'thing-2' });
    await client.publish(SUBJECT, 'not json');
    await client.publish(SUBJECT, { flaky: true });
    const info = await until(
      () => client.jsm.consumers.info('INTEGRATION_INBOUND', 'test-things'),
      (found) => found.num_pending === 0 && found.num_ack_pending === 0 && consumer.seen.length >= 4,
      20_000,
    );
    // Deliveries beyond one per message: the failed one, once.
    expect(info.delivered.consumer_seq - info.delivered.stream_seq).toBe(1);
    // Messages are settled several at once: their order is JetStream's delivery order, not a promise.
    expect(consumer.seen.map(({ body, deliveryCount }) => [body, deliveryCount])).toEqual(
      expect.arrayContaining([
        [{ ok: true }, 1],
        [{ ok: false, id: 'thing-2' }, 1],
        [{ flaky: true }, 1],
        [{ flaky: true }, 2],
      ]),
    );
    expect(consumer.seen).toHaveLength(4);
    expect(
      [...deadLetters.letters]
        .sort((a, b) => a.position - b.position)
        .map(({ processor, position, eventId, type, streamId, error }) => ({
          processor,
          position,
          eventId,
          type,
          streamId,
          error,
        })),
    ).toEqual([
      {
        processor: 'test-things',
        position: 2,
        eventId: 'thing-2',
        type: SUBJECT,
        streamId: 'thing',
        error: 'not ok',
      },
      {
        processor: 'test-things',
        position: 3,
        eventId: `${SUBJECT}:3`,
        type: SUBJECT,
        streamId: '',
        error: 'the body is not JSON',
      },
    ]);
    expect(consumer.state()).toEqual({ position: 4, headPosition: 4, status: 'running', lastError: null });
  });

  it('goes on after NATS was restarted, and says why while it is down', async () => {
    await server.kill();
    const down = await until(
      () => consumer.state(),
      ({ lastError }) => lastError !== null,
    );
    expect(down).toMatchObject({
      status: 'retrying',
      lastError: expect.stringMatching(/^NATS is unavailable: disconnected/),
    });
    await server.restart();
    await client.close();
    client = await JetStreamClient.open(server.url);
    await client.publish(SUBJECT, { ok: true, after: 'restart' });
    const arrived = await until(
      () => consumer.seen.some(({ body }) => (body as { after?: string }).after === 'restart'),
      Boolean,
      30_000,
    );
    expect(arrived).toBe(true);
    expect(
      await until(
        () => consumer.state(),
        ({ status }) => status === 'running',
      ),
    ).toMatchObject({
      status: 'running',
      lastError: null,
    });
  });
});
