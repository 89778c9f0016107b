import type { StateStoredAggregate } from '../domain/state-stored-aggregate.js';
import { givenAggregate, type When } from './aggregate-spec.js';

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
  return givenAggregate(state);
}
