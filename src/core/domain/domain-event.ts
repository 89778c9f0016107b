import type { IEvent } from '@nestjs/cqrs';

/** Who caused an event and why; stored beside every event in the log. */
export interface EventMetadata {
  readonly eventId: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly occurredAt: string;
  /**
   * W3C `traceparent` of the span that appended the event (null when tracing was off): processors
   * continue its trace, so one trace shows a request and everything its events caused.
   */
  readonly traceparent?: string | null;
}

/**
 * A fact that happened, in the past tense. Each subclass declares `static readonly type` (the
 * stored name, written by hand, never the class name, so that renaming a class never orphans the
 * log) and `static readonly schemaVersion`; EventClass checks both at registration. Payload fields
 * are primitives (or plain arrays/objects of them) so the event round-trips through JSON.
 */
export abstract class DomainEvent implements IEvent {}

/** The constructor of a concrete event class, with its stable name and schema version. */
export interface EventClass<E extends DomainEvent = DomainEvent> {
  new (...args: never[]): E;
  readonly type: string;
  readonly schemaVersion: number;
}

/** Where a stored event sits in the log and its stream, what it is, and who caused it. */
export interface StoredEventHeader {
  readonly position: number;
  readonly streamId: string;
  readonly streamType: string;
  readonly version: number;
  /** The stored type name and schema version, as written. */
  readonly type: string;
  readonly schemaVersion: number;
  readonly metadata: EventMetadata;
}

/** An event as read back from the log: the instance plus where it sits and who caused it. */
export interface RecordedEvent<E extends DomainEvent = DomainEvent> extends StoredEventHeader {
  readonly event: E;
}

export function eventClassOf(event: DomainEvent): EventClass {
  return event.constructor as EventClass;
}
