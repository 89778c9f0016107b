import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventTypeRegistry, VIEW_READER } from '../core/index.js';
import { ChangeMaxQtyHandler } from './commands/change-max-qty.handler.js';
import { CheckInItemsHandler } from './commands/check-in-items.handler.js';
import { CreateInventoryItemHandler } from './commands/create-inventory-item.handler.js';
import { DeactivateInventoryItemHandler } from './commands/deactivate-inventory-item.handler.js';
import { RemoveItemsHandler } from './commands/remove-items.handler.js';
import { ReleaseStockHandler } from './commands/release-stock.handler.js';
import { RenameInventoryItemHandler } from './commands/rename-inventory-item.handler.js';
import { ReserveStockHandler } from './commands/reserve-stock.handler.js';
import { INVENTORY_EVENTS } from './events/inventory-events.js';
import { GetInventoryItemHistoryHandler } from './queries/get-inventory-item-history.handler.js';
import { GetInventoryItemHandler } from './queries/get-inventory-item.handler.js';
import { ListInventoryItemsHandler } from './queries/list-inventory-items.handler.js';
import { InventoryItemDetailsProjection } from './read-model/inventory-item-details.projection.js';
import { InventoryItemDetailsView } from './read-model/inventory-item-details.view.js';
import { InventoryListProjection } from './read-model/inventory-list.projection.js';
import { InventoryListView } from './read-model/inventory-list.view.js';
import { InventoryIntegrationMapping } from './integration/inventory-integration.mapping.js';

const commandHandlers = [
  CreateInventoryItemHandler,
  RenameInventoryItemHandler,
  CheckInItemsHandler,
  RemoveItemsHandler,
  ChangeMaxQtyHandler,
  DeactivateInventoryItemHandler,
  ReserveStockHandler,
  ReleaseStockHandler,
];
const queryHandlers = [GetInventoryItemHandler, ListInventoryItemsHandler, GetInventoryItemHistoryHandler];
const projections = [InventoryListProjection, InventoryItemDetailsProjection];

/**
 * Inventory: event-sourced items of stock, as in the SimpleCQRS sample. Needs CoreModule.forRoot()
 * in the application, with INVENTORY_SCHEMAS among its schemas. Its HTTP controllers live in
 * InventoryHttpModule, so an application can drive it through the buses alone.
 */
@Module({
  imports: [TypeOrmModule.forFeature([InventoryListView, InventoryItemDetailsView], VIEW_READER)],
  providers: [...commandHandlers, ...queryHandlers, ...projections, InventoryIntegrationMapping],
})
export class InventoryModule {
  constructor(registry: EventTypeRegistry) {
    registry.registerAll(INVENTORY_EVENTS);
  }
}
