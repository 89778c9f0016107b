import type { StoreSchemas } from '../core/index.js';
import { CreateInventoryViews1764115300000 } from './read-model/migrations/1764115300000-create-inventory-views.js';
import { InventoryItemDetailsView } from './read-model/inventory-item-details.view.js';
import { InventoryListView } from './read-model/inventory-list.view.js';

/** Inventory's tables: its views in the read store; it has no write-model table (event-sourced). */
export const INVENTORY_SCHEMAS: StoreSchemas = {
  write: { entities: [], migrations: [] },
  read: {
    entities: [InventoryListView, InventoryItemDetailsView],
    migrations: [CreateInventoryViews1764115300000],
  },
};
