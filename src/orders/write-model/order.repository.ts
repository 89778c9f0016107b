import { Injectable } from '@nestjs/common';
import { type CommandResult, StateStoredRepository, type StateStoredType } from '../../core/index.js';
import { Order } from '../domain/order.aggregate.js';
import { OrderNotFoundError } from '../domain/order.errors.js';
import { OrderEntity } from './order.entity.js';

/** Order <-> its row; the core saves the row and the order's events in one transaction. */
const ORDER_TYPE: StateStoredType<Order, OrderEntity> = {
  streamType: Order.streamType,
  entity: OrderEntity,
  notFound: (id) => new OrderNotFoundError(id),
  toRow(order) {
    const { status, lines, rejectionReason } = order.state;
    return Object.assign(new OrderEntity(), {
      id: order.id,
      status,
      lines: [...lines],
      rejectionReason,
      version: order.version,
    });
  },
  fromRow: (row) => Order.fromState(row.id, row),
};

@Injectable()
export class OrderRepository {
  constructor(private readonly repository: StateStoredRepository) {}

  create(id: string, factory: () => Order): Promise<CommandResult> {
    return this.repository.create(ORDER_TYPE, id, factory);
  }

  update(
    id: string,
    expectedVersion: number | undefined,
    decide: (order: Order) => void,
  ): Promise<CommandResult> {
    return this.repository.update(ORDER_TYPE, id, expectedVersion, decide);
  }
}
