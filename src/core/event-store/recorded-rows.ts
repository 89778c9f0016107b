import type { DomainEvent, EventMetadata, RecordedEvent } from '../domain/domain-event.js';
import type { EventRow } from './dialects/event-log-dialect.js';
import { type UnreadableEvent, UnreadableEventError } from './event-store.js';
import type { EventTypeRegistry } from './event-type-registry.js';

function metadataOf(row: EventRow): EventMetadata {
  const { eventId, commandId, correlationId, causationId, occurredAt, traceparent } = row;
  return { eventId, commandId, correlationId, causationId, occurredAt, traceparent };
}

/** A row of the log as its event; UnreadableEventError when its class cannot take it back. */
export function recordedOf(registry: EventTypeRegistry, row: EventRow): RecordedEvent {
  let event: DomainEvent;
  try {
    event = registry.deserialize(row.type, row.schemaVersion, row.data);
  } catch (error) {
    throw new UnreadableEventError(row.position, row.type, error);
  }
  const { position, streamId, streamType, version, type, schemaVersion } = row;
  return { position, streamId, streamType, version, type, schemaVersion, event, metadata: metadataOf(row) };
}

/** The same for a reader that shows events: a row that cannot be read back comes as it is stored. */
export function browsedOf(registry: EventTypeRegistry, row: EventRow): RecordedEvent | UnreadableEvent {
  try {
    return recordedOf(registry, row);
  } catch (error) {
    if (!(error instanceof UnreadableEventError)) throw error;
    const { position, streamId, streamType, version, type, schemaVersion, data } = row;
    return {
      unreadable: true,
      position,
      streamId,
      streamType,
      version,
      type,
      schemaVersion,
      rawData: data,
      reason: error.message,
      metadata: metadataOf(row),
    };
  }
}
