import { IntegrationEvent } from '../../core/index.js';
import { type IntegrationOrderLine, ORDER_LINES_SCHEMA } from './order-lines.schema.js';

/** Published: every line of the order is reserved; it can be shipped. */
export class OrderConfirmedIntegrationEvent extends IntegrationEvent<{
  readonly orderId: string;
  readonly lines: readonly IntegrationOrderLine[];
}> {
  static readonly subject = 'integration.orders.order-confirmed';
  static readonly type = 'orders.order-confirmed.v1';
  static readonly version = 1;
  static readonly summary = 'An order is confirmed: the stock of every line is reserved for it.';
  static readonly dataSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['orderId', 'lines'],
    properties: { orderId: { type: 'string', format: 'uuid' }, lines: ORDER_LINES_SCHEMA },
  };
}
