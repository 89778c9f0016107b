import { CORE_SCHEMAS, type StoreSchemas } from './core/index.js';
import { INVENTORY_SCHEMAS } from './inventory/index.js';
import { ORDERS_SCHEMAS } from './orders/index.js';

const FEATURES: StoreSchemas[] = [CORE_SCHEMAS, INVENTORY_SCHEMAS, ORDERS_SCHEMAS];

/** Every entity and migration of both stores: the application's and the TypeORM CLI's. */
export const DATABASE_SCHEMAS: StoreSchemas = {
  write: {
    entities: FEATURES.flatMap((feature) => feature.write.entities),
    migrations: FEATURES.flatMap((feature) => feature.write.migrations),
  },
  read: {
    entities: FEATURES.flatMap((feature) => feature.read.entities),
    migrations: FEATURES.flatMap((feature) => feature.read.migrations),
  },
};
