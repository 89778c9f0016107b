import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Projection, type RecordedEvent } from '../../core/index.js';
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
    this.on(OrderPlacedEvent, (event, manager, { version, position }) =>
      manager.insert(OrderView, {
        id: event.orderId,
        status: 'pending',
        lines: [...event.lines],
        rejectionReason: null,
        version,
        placedPosition: position,
      }),
    );
    this.on(OrderConfirmedEvent, (_, manager, recorded) =>
      this.change(manager, recorded, { status: 'confirmed' }),
    );
    this.on(OrderRejectedEvent, (event, manager, recorded) =>
      this.change(manager, recorded, { status: 'rejected', rejectionReason: event.reason }),
    );
    this.on(OrderCancelledEvent, (_, manager, recorded) =>
      this.change(manager, recorded, { status: 'cancelled' }),
    );
  }

  private change(manager: EntityManager, { streamId, version }: RecordedEvent, fields: Partial<OrderView>) {
    return manager.update(OrderView, { id: streamId }, { ...fields, version });
  }
}
