import type { AsyncApiSource } from './core/index.js';
import { DELIVERY_CONTRACT, InventoryIntegrationMapping } from './inventory/index.js';
import { OrdersIntegrationMapping } from './orders/index.js';

/** What the application publishes to other services and receives from them: asyncapi.json's source. */
export const INTEGRATION_CONTRACTS: Omit<AsyncApiSource, 'title' | 'version'> = {
  publishes: [...OrdersIntegrationMapping.publishes, ...InventoryIntegrationMapping.publishes],
  receives: [DELIVERY_CONTRACT],
};
