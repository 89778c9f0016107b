import type { StoreSchemas } from '../core/index.js';
import { CreateOrderViews1764115400001 } from './read-model/migrations/1764115400001-create-order-views.js';
import { OrderView } from './read-model/order.view.js';
import { CreateOrders1764115400000 } from './write-model/migrations/1764115400000-create-orders.js';
import { OrderEntity } from './write-model/order.entity.js';

/** Orders' tables: its write-model rows (state-stored) in the write store, its view in the read store. */
export const ORDERS_SCHEMAS: StoreSchemas = {
  write: { entities: [OrderEntity], migrations: [CreateOrders1764115400000] },
  read: { entities: [OrderView], migrations: [CreateOrderViews1764115400001] },
};
