import type { DomainEvent } from '../domain/domain-event.js';
import type { DomainError } from '../domain/domain-error.js';
import type { StateStoredAggregate } from '../domain/state-stored-aggregate.js';

type ErrorClass = abstract new (...args: never[]) => DomainError;

interface Then<A> {
  /** The command recorded exactly these events (compared by class and payload). */
  thenEvents(...expected: DomainEvent[]): A;
  /** The command was refused with this error, and recorded nothing. */
  thenThrows(errorClass: ErrorClass, message?: string | RegExp): void;
}

interface When<A> {
  when(command: (aggregate: A) => void): Then<A>;
}

function describeEvents(events: readonly DomainEvent[]): unknown[] {
  return events.map((event) => ({ type: (event.constructor as { type?: string }).type, ...event }));
}

/**
 * Given-state / when-command / then-events-or-error for state-stored aggregates, the counterpart of
 * aggregate-spec.ts's `given`: the state comes from a factory (as the repository would load it from
 * its row), and `then` looks only at what the command recorded.
 *
 *   givenState(() => Order.fromState(id, { status: 'rejected', lines, rejectionReason: 'short' }, 2))
 *     .when((order) => order.cancel())
 *     .thenThrows(OrderNotCancellableError);
 */
export function givenState<A extends StateStoredAggregate>(state: () => A): When<A> {
  return {
    when(command) {
      const aggregate = state();
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
