import { Injectable } from '@nestjs/common';
import { type DomainEvent, type EventClass, eventClassOf } from '../domain/domain-event.js';

/** Turns the payload of schema version `n` into that of version `n + 1`. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

interface Registration {
  readonly eventClass: EventClass;
  /** Keyed by the schema version they upcast from. */
  readonly upcasters: ReadonlyMap<number, Upcaster>;
}

/**
 * Stable type name + schema version <-> event class. Reading the log goes through here, so every
 * consumer gets class instances of the current schema, whatever schema the row was written in.
 */
@Injectable()
export class EventTypeRegistry {
  private readonly registrations = new Map<string, Registration>();

  register(eventClass: EventClass, upcasters: Record<number, Upcaster> = {}): void {
    const existing = this.registrations.get(eventClass.type);
    if (existing && existing.eventClass !== eventClass) {
      throw new Error(`Two event classes claim the type name ${eventClass.type}`);
    }
    const byVersion = new Map(Object.entries(upcasters).map(([from, upcast]) => [Number(from), upcast]));
    this.registrations.set(eventClass.type, { eventClass, upcasters: byVersion });
  }

  registerAll(eventClasses: readonly EventClass[]): void {
    for (const eventClass of eventClasses) this.register(eventClass);
  }

  has(type: string): boolean {
    return this.registrations.has(type);
  }

  serialize(event: DomainEvent): { type: string; schemaVersion: number; data: string } {
    const eventClass = eventClassOf(event);
    if (this.registrations.get(eventClass.type)?.eventClass !== eventClass) {
      throw new Error(`Event class ${eventClass.name} is not registered`);
    }
    return { type: eventClass.type, schemaVersion: eventClass.schemaVersion, data: JSON.stringify(event) };
  }

  deserialize(type: string, schemaVersion: number, data: string): DomainEvent {
    const registration = this.registrations.get(type);
    if (!registration) throw new Error(`Unknown event type ${type} in the log`);
    const { eventClass, upcasters } = registration;
    let payload = JSON.parse(data) as Record<string, unknown>;
    for (let version = schemaVersion; version < eventClass.schemaVersion; version++) {
      const upcast = upcasters.get(version);
      if (!upcast) throw new Error(`No upcaster for ${type} from schema version ${version}`);
      payload = upcast(payload);
    }
    // Bypass the constructor: the payload is the state, and constructors may validate or default.
    return Object.assign(Object.create(eventClass.prototype) as DomainEvent, payload);
  }
}
