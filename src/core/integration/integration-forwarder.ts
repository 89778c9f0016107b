import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InvalidArgumentError } from '@nats-io/transport-node';
import type { RecordedEvent } from '../domain/domain-event.js';
import { EventStore } from '../event-store/event-store.js';
import { DestinationUnavailableError } from '../processors/destination-unavailable.error.js';
import { Forwarder } from '../processors/reactor.js';
import { type IntegrationEventClass, integrationMessage } from './integration-event.js';
import { IntegrationMapping } from './integration-mapping.js';
import { ensureStream } from './jetstream-streams.js';
import { NatsLink } from './nats-link.js';

/** Messages published ahead of the event being handled, all in flight at once. */
const WINDOW = 100;

/**
 * Publishes the feature modules' integration events to JetStream (CONTRACT "v2: other services"):
 * a processor of kind `forwarder`, so it reads the log in order from a checkpoint of its own, on
 * PostgreSQL in one process at a time, and moves its checkpoint past an event only once this
 * reaction returned, which it does only once JetStream has acknowledged the event's message. Every
 * message carries `Nats-Msg-Id: <event id>`, so one published again (after a crash, a lost
 * acknowledgement) is dropped by JetStream as a duplicate within its window. NATS unreachable is an
 * outage (DestinationUnavailableError), waited out; only a message JetStream can never take (over
 * its size limit) or a mapping that fails stops it on that event.
 *
 * One round trip per event would hold the forwarder to the broker's latency, so the reaction to an
 * event also publishes the next events of the log that have a message (up to WINDOW, below the
 * safe head), in order on the one connection, and awaits their acknowledgements together; the
 * reactions to those events then find theirs acknowledged already. The checkpoint still passes an
 * event only once its own message is acknowledged.
 */
@Injectable()
export class IntegrationForwarder extends Forwarder implements OnModuleInit {
  readonly name = 'nats-integration';

  private readonly mappings = new Map<string, IntegrationMapping>();
  /** The NatsLink generation under which the stream was last seen to exist. */
  private streamCheckedAt = -1;
  /** Event ids whose messages JetStream acknowledged ahead of their reaction. */
  private acknowledged = new Set<string>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly link: NatsLink,
    private readonly eventStore: EventStore,
  ) {
    super();
    // Every event: the types that matter are known only once the modules' mappings are found.
    this.onEvery((_event, recorded) => this.forward(recorded));
  }

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const mapping = wrapper.instance as unknown;
      if (!(mapping instanceof IntegrationMapping)) continue;
      mapping.checkContracts();
      for (const type of mapping.handledTypes) {
        const other = this.mappings.get(type);
        // Two messages from one event would share its id, and JetStream would drop the second.
        if (other && other !== mapping)
          throw new Error(`${type} is mapped by ${other.constructor.name} and ${mapping.constructor.name}`);
        this.mappings.set(type, mapping);
      }
    }
  }

  private async forward(recorded: RecordedEvent): Promise<void> {
    if (!this.mappings.has(recorded.type)) return;
    if (this.acknowledged.delete(recorded.metadata.eventId)) return;
    const own = await this.message(recorded);
    if (!own) return;
    this.acknowledged = new Set();
    const messages = [own, ...(await this.messagesAhead(recorded.position))];
    const handle = this.link.jetStream();
    const stream = this.link.config.stream;
    try {
      if (this.streamCheckedAt !== this.link.generation) {
        await ensureStream(handle, stream, ['integration.>']);
        this.streamCheckedAt = this.link.generation;
      }
    } catch (error) {
      throw this.unavailable('checking the stream', error);
    }
    const outcomes = await Promise.allSettled(
      messages.map(({ subject, id, body }) =>
        handle.js.publish(subject, body, { msgID: id, expect: { streamName: stream } }).then(() => id),
      ),
    );
    for (const outcome of outcomes.slice(1))
      if (outcome.status === 'fulfilled') this.acknowledged.add(outcome.value);
    const mine = outcomes[0];
    if (mine.status === 'fulfilled') return;
    if (mine.reason instanceof InvalidArgumentError) throw mine.reason;
    throw this.unavailable(`publishing to ${own.subject}`, mine.reason);
  }

  /**
   * The messages of the next events after `position` (below the safe head, so in the order the log
   * will have them), up to the first one whose mapping fails: that one fails in its own turn.
   */
  private async messagesAhead(position: number) {
    const head = await this.eventStore.headPosition();
    if (head <= position) return [];
    const events = await this.eventStore.readLog({
      after: position,
      upTo: head,
      limit: WINDOW,
      types: [...this.mappings.keys()],
    });
    const messages = [];
    for (const event of events) {
      const message = await this.message(event).catch(() => null);
      if (message === null) break;
      if (message) messages.push(message);
    }
    return messages;
  }

  private async message(recorded: RecordedEvent) {
    const event = await this.mappings.get(recorded.type)?.map(recorded);
    if (!event) return undefined;
    const { subject } = event.constructor as IntegrationEventClass;
    return {
      subject,
      id: recorded.metadata.eventId,
      body: JSON.stringify(integrationMessage(recorded, event)),
    };
  }

  private unavailable(doing: string, error: unknown): DestinationUnavailableError {
    // The stream may have gone with the server's store: check it again before the next attempt.
    this.streamCheckedAt = -1;
    const reason = error instanceof Error ? error.message : String(error);
    return new DestinationUnavailableError('NATS', `${doing}: ${reason}`, { cause: error });
  }
}
