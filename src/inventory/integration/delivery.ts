import type { InboundContract } from '../../core/index.js';
import { MAX_QUANTITY } from '../domain/inventory-item.aggregate.js';

/** A delivery another service reports on `inbound.inventory.deliveries`: `count` items of `itemId` arrived. */
export interface Delivery {
  readonly deliveryId: string;
  readonly itemId: string;
  readonly count: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELDS = ['deliveryId', 'itemId', 'count'];

/**
 * The delivery in a message body, or what is wrong with it: as strict as the HTTP API (no
 * coercion, no unknown field), since a message that is wrong now will be wrong on every redelivery.
 */
export function parseDelivery(body: unknown): Delivery | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'the body must be a JSON object { deliveryId, itemId, count }';
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !FIELDS.includes(key));
  if (unknown !== undefined) return `unknown field "${unknown}"`;
  const { deliveryId, itemId, count } = fields;
  if (typeof deliveryId !== 'string' || !UUID.test(deliveryId)) return 'deliveryId must be a UUID';
  if (typeof itemId !== 'string' || !UUID.test(itemId)) return 'itemId must be a UUID';
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_QUANTITY)
    return `count must be an integer from 1 to ${MAX_QUANTITY.toLocaleString('en-US')}`;
  return { deliveryId: deliveryId.toLowerCase(), itemId: itemId.toLowerCase(), count };
}

/** The contract of `inbound.inventory.deliveries`, for the AsyncAPI document. */
export const DELIVERY_CONTRACT: InboundContract = {
  subject: 'inbound.inventory.deliveries',
  name: 'inventory.delivery.v1',
  summary:
    'Another service reports that `count` items of `itemId` arrived; checked in once per deliveryId. ' +
    'A malformed delivery, or one the item refuses, is terminated and kept as a dead letter of inventory-deliveries.',
  payload: {
    type: 'object',
    additionalProperties: false,
    required: ['deliveryId', 'itemId', 'count'],
    properties: {
      deliveryId: { type: 'string', format: 'uuid' },
      itemId: { type: 'string', format: 'uuid' },
      count: { type: 'integer', minimum: 1, maximum: MAX_QUANTITY },
    },
  },
};
