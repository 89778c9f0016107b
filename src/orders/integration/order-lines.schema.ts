import type { JsonSchema } from '../../core/index.js';

/** The `lines` of every order integration event: what an order holds, as a shipping service needs it. */
export const ORDER_LINES_SCHEMA: JsonSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['itemId', 'quantity'],
    properties: {
      itemId: { type: 'string', format: 'uuid' },
      quantity: { type: 'integer', minimum: 1 },
    },
  },
};

export interface IntegrationOrderLine {
  readonly itemId: string;
  readonly quantity: number;
}
