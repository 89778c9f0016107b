import { IntegrationEvent } from '../../core/index.js';
import { type IntegrationOrderLine, ORDER_LINES_SCHEMA } from './order-lines.schema.js';

/** Published: a line of the order could not be reserved; nothing is held for it. */
export class OrderRejectedIntegrationEvent extends IntegrationEvent<{
  readonly orderId: string;
  readonly lines: readonly IntegrationOrderLine[];
  readonly reason: string;
}> {
  static readonly subject = 'integration.orders.order-rejected';
  static readonly type = 'orders.order-rejected.v1';
  static readonly version = 1;
  static readonly summary =
    'An order is rejected: a line could not be reserved (unknown, deactivated or short item).';
  static readonly dataSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['orderId', 'lines', 'reason'],
    properties: {
      orderId: { type: 'string', format: 'uuid' },
      lines: ORDER_LINES_SCHEMA,
      reason: { type: 'string' },
    },
  };
}
