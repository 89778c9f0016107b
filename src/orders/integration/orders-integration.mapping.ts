import { Injectable } from '@nestjs/common';
import { EventStore, IntegrationMapping, RecentValues } from '../../core/index.js';
import type { OrderLine } from '../domain/order-line.js';
import { OrderCancelledEvent } from '../events/order-cancelled.event.js';
import { OrderConfirmedEvent } from '../events/order-confirmed.event.js';
import { OrderPlacedEvent } from '../events/order-placed.event.js';
import { OrderRejectedEvent } from '../events/order-rejected.event.js';
import { OrderCancelledIntegrationEvent } from './order-cancelled.integration-event.js';
import { OrderConfirmedIntegrationEvent } from './order-confirmed.integration-event.js';
import { OrderRejectedIntegrationEvent } from './order-rejected.integration-event.js';

/**
 * Orders' integration events. An order's confirmation and rejection carry its lines, which the
 * internal events leave to OrderPlaced (the first event of every order's stream): the lines of the
 * orders placed lately are remembered, and an order placed before that is read from its stream.
 */
@Injectable()
export class OrdersIntegrationMapping extends IntegrationMapping {
  /** Every integration event it may publish (static: the AsyncAPI document is made without an instance). */
  static readonly publishes = [
    OrderConfirmedIntegrationEvent,
    OrderRejectedIntegrationEvent,
    OrderCancelledIntegrationEvent,
  ];
  readonly publishes = OrdersIntegrationMapping.publishes;

  private readonly lines = new RecentValues<string, readonly OrderLine[]>();

  constructor(private readonly eventStore: EventStore) {
    super();
    this.on(OrderPlacedEvent, async ({ orderId, lines }) => {
      this.lines.set(orderId, lines);
      return undefined;
    });
    this.on(
      OrderConfirmedEvent,
      async ({ orderId }, { streamId }) =>
        new OrderConfirmedIntegrationEvent({ orderId, lines: await this.linesOf(streamId) }),
    );
    this.on(
      OrderRejectedEvent,
      async ({ orderId, reason }, { streamId }) =>
        new OrderRejectedIntegrationEvent({ orderId, lines: await this.linesOf(streamId), reason }),
    );
    this.on(
      OrderCancelledEvent,
      async ({ orderId, lines }) => new OrderCancelledIntegrationEvent({ orderId, lines: copy(lines) }),
    );
  }

  private async linesOf(orderId: string): Promise<OrderLine[]> {
    const known = this.lines.get(orderId);
    if (known) return copy(known);
    const [first] = await this.eventStore.readStream(orderId, { limit: 1 });
    if (!(first?.event instanceof OrderPlacedEvent))
      throw new Error(`Order ${orderId}'s stream does not start with OrderPlaced`);
    this.lines.set(orderId, first.event.lines);
    return copy(first.event.lines);
  }
}

/** Only the contract's fields, whatever else an internal line may carry one day. */
function copy(lines: readonly OrderLine[]): OrderLine[] {
  return lines.map(({ itemId, quantity }) => ({ itemId, quantity }));
}
