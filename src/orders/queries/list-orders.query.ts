import { Query } from '@nestjs/cqrs';
import type { OrderStatus } from '../domain/order-line.js';
import type { OrderDetails } from './get-order.query.js';

/** A page of orders, oldest first, shaped as the details. */
export interface OrderList {
  readonly items: OrderDetails[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export class ListOrdersQuery extends Query<OrderList> {
  constructor(
    readonly status?: OrderStatus,
    readonly limit = 50,
    readonly offset = 0,
  ) {
    super();
  }
}
