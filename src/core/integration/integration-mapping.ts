import type { DomainEvent, EventClass, RecordedEvent } from '../domain/domain-event.js';
import {
  checkIntegrationEventClass,
  type IntegrationEvent,
  type IntegrationEventClass,
} from './integration-event.js';

type Mapper = (event: DomainEvent, recorded: RecordedEvent) => Promise<IntegrationEvent | undefined>;

/**
 * How a module turns its internal events into its integration events: a provider of the module that
 * registers one mapper per internal event type with `on()`, and lists in `publishes` every
 * integration event class it may return (the AsyncAPI document and the README are made from that
 * list). A mapper returns at most one integration event, whose id is the internal event's id (so
 * that JetStream de-duplicates a second publication), or nothing. It runs again for an event that
 * is forwarded again, after a crash for instance, and must then return the same message: derive it
 * from the log, never from a view or the clock.
 */
export abstract class IntegrationMapping {
  abstract readonly publishes: readonly IntegrationEventClass[];

  private readonly mappers = new Map<string, Mapper>();

  protected on<E extends DomainEvent>(
    eventClass: EventClass<E>,
    mapper: (event: E, recorded: RecordedEvent<E>) => Promise<IntegrationEvent | undefined>,
  ): void {
    this.mappers.set(eventClass.type, mapper as Mapper);
  }

  /** The internal event types this mapping reads. */
  get handledTypes(): readonly string[] {
    return [...this.mappers.keys()];
  }

  handles(type: string): boolean {
    return this.mappers.has(type);
  }

  async map(recorded: RecordedEvent): Promise<IntegrationEvent | undefined> {
    const event = await this.mappers.get(recorded.type)?.(recorded.event, recorded);
    if (event && !this.publishes.includes(event.constructor as IntegrationEventClass))
      throw new Error(`${event.constructor.name} is not in ${this.constructor.name}.publishes`);
    return event;
  }

  /** Checks every published class's contract; called once when the forwarder starts. */
  checkContracts(): void {
    this.publishes.forEach(checkIntegrationEventClass);
  }
}
