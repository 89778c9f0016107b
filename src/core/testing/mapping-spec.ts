import { randomUUID } from 'node:crypto';
import type { DomainEvent, EventClass, RecordedEvent } from '../domain/domain-event.js';
import type { EventStore, ReadLogOptions, ReadStreamOptions } from '../event-store/event-store.js';
import { integrationMessage, type IntegrationMessage } from '../integration/integration-event.js';
import type { IntegrationMapping } from '../integration/integration-mapping.js';

/**
 * Given events / then integration messages, for an IntegrationMapping: events are appended to an
 * in-memory log (versions and positions numbered for you) that the mapping reads through
 * `readStream` as it would the real one; `forward` runs the mapping on the events of the log from a
 * position on, in log order, as the forwarder does, and answers the messages it would publish.
 */
export class MappingSpec {
  readonly log: RecordedEvent[] = [];
  /** The part of EventStore a mapping (and the forwarder) may use. */
  readonly eventStore = {
    readStream: async (streamId: string, { afterVersion = 0, limit = Infinity }: ReadStreamOptions = {}) =>
      this.log
        .filter((recorded) => recorded.streamId === streamId && recorded.version > afterVersion)
        .slice(0, limit),
    headPosition: async () => this.log.length,
    readLog: async ({ after, upTo, limit, types }: ReadLogOptions) =>
      this.log
        .filter(
          ({ position, type }) => position > after && position <= upTo && (!types || types.includes(type)),
        )
        .slice(0, limit),
  } as unknown as EventStore;

  append(streamId: string, ...events: DomainEvent[]): this {
    for (const event of events) {
      const version = this.log.filter((recorded) => recorded.streamId === streamId).length + 1;
      const eventClass = event.constructor as EventClass;
      this.log.push({
        position: this.log.length + 1,
        streamId,
        streamType: 'Test',
        version,
        type: eventClass.type,
        schemaVersion: eventClass.schemaVersion,
        event,
        metadata: {
          eventId: randomUUID(),
          commandId: randomUUID(),
          correlationId: randomUUID(),
          causationId: randomUUID(),
          occurredAt: new Date(Date.UTC(2026, 10, 30, 12, 0, this.log.length)).toISOString(),
        },
      });
    }
    return this;
  }

  async forward(mapping: IntegrationMapping, after = 0): Promise<IntegrationMessage[]> {
    const messages: IntegrationMessage[] = [];
    for (const recorded of this.log.filter(({ position }) => position > after)) {
      if (!mapping.handles(recorded.type)) continue;
      const event = await mapping.map(recorded);
      if (event) messages.push(integrationMessage(recorded, event));
    }
    return messages;
  }
}
