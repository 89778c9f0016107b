import type { DomainEvent } from './domain-event.js';

/**
 * Base of state-stored aggregates: the state lives in a write-model row with a version column, and
 * each command still records the events it caused, which the repository appends to the shared log
 * in the same transaction as the row. The version counts the aggregate's events, as for an
 * event-sourced aggregate, so both kinds answer commands alike.
 */
export abstract class StateStoredAggregate {
  private storedVersion = 0;
  private pending: DomainEvent[] = [];

  constructor(readonly id: string) {}

  /** Version after every recorded event, unsaved ones included (0: never saved, nothing recorded). */
  get version(): number {
    return this.storedVersion + this.pending.length;
  }

  /** The version the store holds. */
  get persistedVersion(): number {
    return this.storedVersion;
  }

  getUncommittedEvents(): readonly DomainEvent[] {
    return [...this.pending];
  }

  /** Called by the repository once the row at `version` is loaded or saved. */
  markStored(version: number): void {
    this.storedVersion = version;
    this.pending = [];
  }

  /** Records a fact; the public method that calls it has already changed the state. */
  protected record(event: DomainEvent): void {
    this.pending.push(event);
  }
}
