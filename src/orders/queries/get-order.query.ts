import { Query } from '@nestjs/cqrs';
import type { OrderLine, OrderStatus } from '../domain/order-line.js';

/** One order as the orders view shows it; `rejectionReason` only on a rejected order. */
export interface OrderDetails {
  readonly id: string;
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  readonly rejectionReason?: string;
  readonly version: number;
}

export class GetOrderQuery extends Query<OrderDetails> {
  constructor(readonly orderId: string) {
    super();
  }
}
