import { IntegrationEvent } from '../../core/index.js';
import { type IntegrationOrderLine, ORDER_LINES_SCHEMA } from './order-lines.schema.js';

/** Published: a confirmed order was cancelled; its stock went back to inventory. */
export class OrderCancelledIntegrationEvent extends IntegrationEvent<{
  readonly orderId: string;
  readonly lines: readonly IntegrationOrderLine[];
}> {
  static readonly subject = 'integration.orders.order-cancelled';
  static readonly type = 'orders.order-cancelled.v1';
  static readonly version = 1;
  static readonly summary = 'A confirmed order is cancelled: its stock goes back to inventory.';
  static readonly dataSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['orderId', 'lines'],
    properties: { orderId: { type: 'string', format: 'uuid' }, lines: ORDER_LINES_SCHEMA },
  };
}
