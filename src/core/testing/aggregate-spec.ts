import type { EventSourcedAggregate } from '../domain/aggregate-root.js';
import type { DomainEvent } from '../domain/domain-event.js';
import type { DomainError } from '../domain/domain-error.js';

type ErrorClass = abstract new (...args: never[]) => DomainError;

interface Then<A> {
  /** The command recorded exactly these events (compared by class and payload). */
  thenEvents(...expected: DomainEvent[]): A;
  /** The command was refused with this error, and recorded nothing. */
  thenThrows(errorClass: ErrorClass, message?: string | RegExp): void;
}

export interface When<A> {
  when(command: (aggregate: A) => void): Then<A>;
}

function describeEvents(events: readonly DomainEvent[]): unknown[] {
  return events.map((event) => ({ type: (event.constructor as { type?: string }).type, ...event }));
}

/**
 * Given-events / when-command / then-events-or-error for event-sourced aggregates:
 *
 *   given(InventoryItem, id, new InventoryItemCreatedEvent(id, 'Widget', null))
 *     .when((item) => item.remove(5))
 *     .thenThrows(InsufficientStockError);
 *
 * `given` replays history (no rule runs), `when` calls one command method, `then` looks only at what
 * the aggregate recorded, never at its private state.
 */
export function given<A extends EventSourcedAggregate>(
  type: new (id: string) => A,
  id: string,
  ...history: DomainEvent[]
): When<A> {
  return givenAggregate(() => {
    const aggregate = new type(id);
    aggregate.loadFromHistory(history);
    return aggregate;
  });
}

/**
 * The when/then part shared by every given: `load` builds the aggregate as its repository would,
 * by replaying events (given) or from a row (state-stored-spec.ts's givenState).
 */
export function givenAggregate<A extends { getUncommittedEvents(): readonly DomainEvent[] }>(
  load: () => A,
): When<A> {
  return {
    when(command) {
      const aggregate = load();
      let thrown: unknown;
      try {
        command(aggregate);
      } catch (error) {
        thrown = error;
      }
      return {
        thenEvents(...expected) {
          if (thrown) throw thrown;
          expect(describeEvents(aggregate.getUncommittedEvents())).toEqual(describeEvents(expected));
          return aggregate;
        },
        thenThrows(errorClass, message) {
          expect(thrown).toBeInstanceOf(errorClass);
          if (message !== undefined) expect((thrown as Error).message).toMatch(message);
          expect(aggregate.getUncommittedEvents()).toEqual([]);
        },
      };
    },
  };
}

/** A command that creates the aggregate: no history, then a factory. */
export function whenCreated<A extends EventSourcedAggregate>(factory: () => A): Then<A> {
  let aggregate: A | undefined;
  let thrown: unknown;
  try {
    aggregate = factory();
  } catch (error) {
    thrown = error;
  }
  return {
    thenEvents(...expected) {
      if (thrown || !aggregate) throw thrown;
      expect(describeEvents(aggregate.getUncommittedEvents())).toEqual(describeEvents(expected));
      return aggregate;
    },
    thenThrows(errorClass, message) {
      expect(thrown).toBeInstanceOf(errorClass);
      if (message !== undefined) expect((thrown as Error).message).toMatch(message);
    },
  };
}
