import type { RecordedEvent } from '../domain/domain-event.js';

/** A JSON Schema (draft 2020-12, the dialect AsyncAPI 3.0 payloads use), as plain data. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * A fact a module publishes to other services: a public, versioned contract, kept apart from the
 * module's internal events (which may change with its code). Each subclass declares, by hand:
 * `subject` (`integration.<module>.<event>`, kebab-case), `type` (`<module>.<event>.v<version>`, the
 * body's `type`), `version`, `summary` and `dataSchema` (the JSON Schema of `data`). A breaking
 * change is a new class with the next version on the same subject; the old one keeps being
 * published until its consumers have moved.
 */
export abstract class IntegrationEvent<D extends object = object> {
  constructor(readonly data: D) {}
}

/** The constructor of a concrete integration event, with its contract. */
export interface IntegrationEventClass<E extends IntegrationEvent = IntegrationEvent> {
  new (...args: never[]): E;
  readonly subject: string;
  readonly type: string;
  readonly version: number;
  readonly summary: string;
  readonly dataSchema: JsonSchema;
}

/** The JSON body of every integration message (CONTRACT "v2: other services"). */
export interface IntegrationMessage<D extends object = object> {
  /** The id of the internal event it comes from; also its `Nats-Msg-Id`. */
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  /** Position in the event log of that event, a decimal string as in every HTTP answer. */
  readonly position: string;
  readonly data: D;
}

const SUBJECT = /^integration\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Checks a class's declared contract; a module registering a malformed one fails at start. */
export function checkIntegrationEventClass(eventClass: IntegrationEventClass): void {
  const { name, subject, type, version } = eventClass;
  if (!SUBJECT.test(subject ?? ''))
    throw new Error(`${name}.subject must be integration.<module>.<event> in kebab-case, got "${subject}"`);
  const expected = `${subject.slice('integration.'.length)}.v${version}`;
  if (!Number.isInteger(version) || version < 1 || type !== expected)
    throw new Error(`${name}.type must be "${expected}" (subject without "integration.", then .v<version>)`);
}

/** The message for `event`, which was mapped from the internal event `cause`. */
export function integrationMessage(cause: RecordedEvent, event: IntegrationEvent): IntegrationMessage {
  const eventClass = event.constructor as IntegrationEventClass;
  return {
    id: cause.metadata.eventId,
    type: eventClass.type,
    occurredAt: cause.metadata.occurredAt,
    position: String(cause.position),
    data: event.data,
  };
}
