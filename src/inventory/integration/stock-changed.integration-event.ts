import { IntegrationEvent } from '../../core/index.js';

/** Published: an item's count in stock changed (check-in, removal, reservation or release). */
export class StockChangedIntegrationEvent extends IntegrationEvent<{
  readonly itemId: string;
  readonly currentCount: number;
}> {
  static readonly subject = 'integration.inventory.stock-changed';
  static readonly type = 'inventory.stock-changed.v1';
  static readonly version = 1;
  static readonly summary =
    "An item's count in stock changed; currentCount is the count right after the change (stock held for orders is not in it).";
  static readonly dataSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['itemId', 'currentCount'],
    properties: {
      itemId: { type: 'string', format: 'uuid' },
      currentCount: { type: 'integer', minimum: 0 },
    },
  };
}
