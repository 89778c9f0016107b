import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InvalidArgumentError } from '@nats-io/transport-node';
import type { RecordedEvent } from '../domain/domain-event.js';
import { DestinationUnavailableError } from '../processors/destination-unavailable.error.js';
import { Forwarder } from '../processors/reactor.js';
import { type IntegrationEventClass, integrationMessage } from './integration-event.js';
import { IntegrationMapping } from './integration-mapping.js';
import { ensureStream } from './jetstream-streams.js';
import { NatsLink } from './nats-link.js';

/**
 * Publishes the feature modules' integration events to JetStream (CONTRACT "v2: other services"):
 * a processor of kind `forwarder`, so it reads the log in order from a checkpoint of its own, on
 * PostgreSQL in one process at a time, and moves its checkpoint past an event only once this
 * reaction returned, which it does only once JetStream has acknowledged the message. Every message
 * carries `Nats-Msg-Id: <event id>`, so an event published again (after a crash, a lost
 * acknowledgement) is dropped by JetStream as a duplicate within its window. NATS unreachable is an
 * outage (DestinationUnavailableError), waited out; only a message JetStream can never take (over
 * its size limit) or a mapping that fails stops it on that event.
 */
@Injectable()
export class IntegrationForwarder extends Forwarder implements OnModuleInit {
  readonly name = 'nats-integration';

  private readonly mappings = new Map<string, IntegrationMapping>();
  /** The NatsLink generation under which the stream was last seen to exist. */
  private streamCheckedAt = -1;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly link: NatsLink,
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
    const event = await this.mappings.get(recorded.type)?.map(recorded);
    if (!event) return;
    const { subject } = event.constructor as IntegrationEventClass;
    const handle = this.link.jetStream();
    const stream = this.link.config.stream;
    try {
      if (this.streamCheckedAt !== this.link.generation) {
        await ensureStream(handle, stream, ['integration.>']);
        this.streamCheckedAt = this.link.generation;
      }
      await handle.js.publish(subject, JSON.stringify(integrationMessage(recorded, event)), {
        msgID: recorded.metadata.eventId,
        expect: { streamName: stream },
      });
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw error;
      // The stream may have gone with the server's store: check it again before the next attempt.
      this.streamCheckedAt = -1;
      const reason = error instanceof Error ? error.message : String(error);
      throw new DestinationUnavailableError('NATS', `publishing to ${subject}: ${reason}`, { cause: error });
    }
  }
}
