import { Injectable } from '@nestjs/common';
import { Projection } from '../../core/index.js';
import { OrderCancelledEvent } from '../events/order-cancelled.event.js';
import { OrderConfirmedEvent } from '../events/order-confirmed.event.js';
import { OrderPlacedEvent } from '../events/order-placed.event.js';
import { OrderRejectedEvent } from '../events/order-rejected.event.js';
import { OrderView } from './order.view.js';

/** Fills OrderView, which serves both the details and the list by status. */
@Injectable()
export class OrderProjection extends Projection {
  static readonly projectionName = 'orders';
  readonly name = OrderProjection.projectionName;
  readonly views = [OrderView];

  constructor() {
    super();
    this.rows(OrderView, ({ streamId }) => streamId)
      .insert(OrderPlacedEvent, (event, { version, position }) => ({
        id: event.orderId,
        status: 'pending',
        lines: [...event.lines],
        rejectionReason: null,
        version,
        placedPosition: position,
      }))
      .update(OrderConfirmedEvent, (_, __, { version }) => ({ status: 'confirmed', version }))
      .update(OrderRejectedEvent, (event, _, { version }) => ({
        status: 'rejected',
        rejectionReason: event.reason,
        version,
      }))
      .update(OrderCancelledEvent, (_, __, { version }) => ({ status: 'cancelled', version }));
  }
}
