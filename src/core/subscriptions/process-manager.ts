import type { DomainEvent, EventClass, RecordedEvent } from '../domain/domain-event.js';

type Reaction = (event: DomainEvent, recorded: RecordedEvent) => Promise<unknown>;

/**
 * A saga that the event relay awaits: it registers one reaction per event type with `on()`, and the
 * relay moves its checkpoint past an event only once every reaction to it has finished. A reaction
 * that throws is retried (the event is delivered again), so reactions must be idempotent: send
 * commands through CausedCommands, whose deterministic command ids the write side de-duplicates.
 */
export abstract class ProcessManager {
  abstract readonly name: string;

  private readonly reactions = new Map<string, Reaction>();

  protected on<E extends DomainEvent>(
    eventClass: EventClass<E>,
    reaction: (event: E, recorded: RecordedEvent<E>) => Promise<unknown>,
  ): void {
    this.reactions.set(eventClass.type, reaction as Reaction);
  }

  handles(type: string): boolean {
    return this.reactions.has(type);
  }

  async handle(recorded: RecordedEvent): Promise<void> {
    await this.reactions.get(recorded.type)?.(recorded.event, recorded);
  }
}
