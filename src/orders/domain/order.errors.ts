import { NotFoundError, RuleViolationError } from '../../core/index.js';

/** The same answer on the command and the query side, also for an id of another kind of aggregate. */
export class OrderNotFoundError extends NotFoundError {
  constructor(orderId: string) {
    super('ORDER_NOT_FOUND', `Order ${orderId} does not exist`, { orderId });
  }
}
import type { OrderStatus } from './order-line.js';

export class InvalidOrderLinesError extends RuleViolationError {
  constructor(detail: string) {
    super('INVALID_ORDER_LINES', `An order has 1 to 100 lines of quantity 1 to 1,000,000: ${detail}`);
  }
}

export class OrderNotPendingError extends RuleViolationError {
  constructor(orderId: string, status: OrderStatus) {
    super('ORDER_NOT_PENDING', `Order ${orderId} is ${status}, no longer pending`, { status });
  }
}

export class OrderNotCancellableError extends RuleViolationError {
  constructor(orderId: string, status: OrderStatus) {
    super(
      'ORDER_NOT_CANCELLABLE',
      status === 'pending'
        ? `Order ${orderId} is still pending: only a confirmed order can be cancelled`
        : `Order ${orderId} is ${status}: only a confirmed order can be cancelled`,
      { status },
    );
  }
}
