import type { EntityManager } from 'typeorm';
import type { DomainEvent, EventClass, RecordedEvent } from '../domain/domain-event.js';

type Handler = (event: DomainEvent, manager: EntityManager, recorded: RecordedEvent) => Promise<unknown>;

/**
 * Fills one or more read views from the log. A subclass names itself, lists the view entities it
 * owns, and registers one handler per event it needs with `on()`; events it does not handle are
 * never read. Handlers write through the manager of the runner's transaction, which also moves the
 * checkpoint, so a view and its checkpoint always agree.
 */
export abstract class Projection {
  abstract readonly name: string;
  /** The read-store entities this projection fills (and may drop and rebuild). */
  abstract readonly views: readonly (new () => object)[];

  private readonly handlers = new Map<string, Handler>();

  protected on<E extends DomainEvent>(
    eventClass: EventClass<E>,
    handler: (event: E, manager: EntityManager, recorded: RecordedEvent<E>) => Promise<unknown>,
  ): void {
    this.handlers.set(eventClass.type, handler as Handler);
  }

  /** Type names of the events this projection reads. */
  get eventTypes(): string[] {
    return [...this.handlers.keys()];
  }

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    await this.handlers.get(recorded.type)?.(recorded.event, manager, recorded);
  }
}
