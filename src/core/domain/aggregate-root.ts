import { AggregateRoot } from '@nestjs/cqrs';
import type { DomainEvent } from './domain-event.js';

/**
 * Base of event-sourced aggregates: @nestjs/cqrs's AggregateRoot plus an id and a version.
 * Rules live in the public methods, which call `apply(new SomethingHappenedEvent(...))`; only the
 * private `on<EventClass>` methods change state, so replaying history runs no rule.
 * We never call `commit()`: the repository appends `getUncommittedEvents()` to the log, and the
 * log, not an in-memory publish, drives every consumer.
 */
export abstract class EventSourcedAggregate<S = unknown> extends AggregateRoot<DomainEvent> {
  /** Version after every applied event, uncommitted ones included (0: no event yet). */
  private appliedVersion = 0;

  constructor(readonly id: string) {
    super();
  }

  get version(): number {
    return this.appliedVersion;
  }

  /** The version the store holds: applied minus not yet appended. */
  get persistedVersion(): number {
    return this.appliedVersion - this.getUncommittedEvents().length;
  }

  override apply<T extends DomainEvent>(
    event: T,
    options?: boolean | { fromHistory?: boolean; skipHandler?: boolean },
  ): void {
    super.apply(event, options as { fromHistory?: boolean });
    this.appliedVersion += 1;
  }

  /** State for a snapshot; plain JSON. */
  abstract toSnapshot(): S;

  /** Restores state from `toSnapshot()`'s output, taken at `version`. */
  protected abstract restoreSnapshot(state: S): void;

  restoreFromSnapshot(state: S, version: number): void {
    this.restoreSnapshot(state);
    this.appliedVersion = version;
  }
}
