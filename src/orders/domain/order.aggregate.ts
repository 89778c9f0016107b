import { StateStoredAggregate } from '../../core/index.js';
import { OrderCancelledEvent } from '../events/order-cancelled.event.js';
import { OrderConfirmedEvent } from '../events/order-confirmed.event.js';
import { OrderPlacedEvent } from '../events/order-placed.event.js';
import { OrderRejectedEvent } from '../events/order-rejected.event.js';
import {
  MAX_LINE_QUANTITY,
  MAX_LINES,
  MAX_REASON_LENGTH,
  type OrderLine,
  type OrderStatus,
} from './order-line.js';
import { InvalidOrderLinesError, OrderNotCancellableError, OrderNotPendingError } from './order.errors.js';

/** The state an order's row holds. */
export interface OrderState {
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  readonly rejectionReason: string | null;
}

function checkLines(lines: readonly OrderLine[]): OrderLine[] {
  if (lines.length < 1 || lines.length > MAX_LINES) {
    throw new InvalidOrderLinesError(`got ${lines.length} lines`);
  }
  for (const { quantity } of lines) {
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
      throw new InvalidOrderLinesError(`got a quantity of ${quantity}`);
    }
  }
  return lines.map(({ itemId, quantity }) => ({ itemId, quantity }));
}

/**
 * An order, state-stored: pending when placed; the fulfilment saga makes it confirmed (every line's
 * stock reserved) or rejected (with a reason); a confirmed order may be cancelled, giving its stock
 * back. Each method checks its rule, changes the state and records the fact.
 */
export class Order extends StateStoredAggregate {
  static readonly streamType = 'Order';

  private constructor(
    id: string,
    private status: OrderStatus,
    private readonly lines: readonly OrderLine[],
    private rejectionReason: string | null,
  ) {
    super(id);
  }

  static place(id: string, lines: readonly OrderLine[]): Order {
    const checked = checkLines(lines);
    const order = new Order(id, 'pending', checked, null);
    order.record(new OrderPlacedEvent(id, checked));
    return order;
  }

  /** The order as its row holds it. */
  static fromState(id: string, { status, lines, rejectionReason }: OrderState): Order {
    return new Order(id, status, lines, rejectionReason);
  }

  get state(): OrderState {
    return { status: this.status, lines: this.lines, rejectionReason: this.rejectionReason };
  }

  confirm(): void {
    this.ensurePending();
    this.status = 'confirmed';
    this.record(new OrderConfirmedEvent(this.id));
  }

  reject(reason: string): void {
    this.ensurePending();
    const trimmed = reason.trim().slice(0, MAX_REASON_LENGTH) || 'Rejected';
    this.status = 'rejected';
    this.rejectionReason = trimmed;
    this.record(new OrderRejectedEvent(this.id, trimmed));
  }

  /** Only a confirmed order: a pending one is still in the saga's hands, the others are final. */
  cancel(): void {
    if (this.status !== 'confirmed') throw new OrderNotCancellableError(this.id, this.status);
    this.status = 'cancelled';
    this.record(new OrderCancelledEvent(this.id, this.lines));
  }

  private ensurePending(): void {
    if (this.status !== 'pending') throw new OrderNotPendingError(this.id, this.status);
  }
}
