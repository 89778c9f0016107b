/**
 * Inventory's public face: what other modules and host applications may use. Drive it through
 * CommandBus and QueryBus with these commands and queries; react to these events.
 */
export { InventoryModule } from './inventory.module.js';
/** Entities and migrations to pass to CoreModule.forRoot(). */
export { INVENTORY_SCHEMAS } from './inventory.schemas.js';
/** Controllers, for an application that serves inventory over HTTP (by role). */
export { InventoryCommandsController } from './http/inventory-commands.controller.js';
export { InventoryQueriesController } from './http/inventory-queries.controller.js';

export { CreateInventoryItemCommand } from './commands/create-inventory-item.command.js';
export { RenameInventoryItemCommand } from './commands/rename-inventory-item.command.js';
export { CheckInItemsCommand } from './commands/check-in-items.command.js';
export { RemoveItemsCommand } from './commands/remove-items.command.js';
export { ChangeMaxQtyCommand } from './commands/change-max-qty.command.js';
export { DeactivateInventoryItemCommand } from './commands/deactivate-inventory-item.command.js';
/** Reservations, for other modules (orders): stock held is not in currentCount until released. */
export { ReserveStockCommand } from './commands/reserve-stock.command.js';
export { ReleaseStockCommand } from './commands/release-stock.command.js';

export { GetInventoryItemQuery, type InventoryItemDetails } from './queries/get-inventory-item.query.js';
export {
  ListInventoryItemsQuery,
  type InventoryItemList,
  type InventoryListItem,
} from './queries/list-inventory-items.query.js';
export {
  GetInventoryItemHistoryQuery,
  type InventoryItemHistory,
  type InventoryItemHistoryEntry,
} from './queries/get-inventory-item-history.query.js';

export { InventoryItemCreatedEvent } from './events/inventory-item-created.event.js';
export { InventoryItemRenamedEvent } from './events/inventory-item-renamed.event.js';
export { ItemsCheckedInEvent } from './events/items-checked-in.event.js';
export { ItemsRemovedEvent } from './events/items-removed.event.js';
export { MaxQtyChangedEvent } from './events/max-qty-changed.event.js';
export { InventoryItemDeactivatedEvent } from './events/inventory-item-deactivated.event.js';
export { StockReservedEvent } from './events/stock-reserved.event.js';
export { StockReleasedEvent } from './events/stock-released.event.js';

export {
  InsufficientStockError,
  InventoryItemDeactivatedError,
  InventoryItemNotFoundError,
  MaxQtyBelowStockError,
  MaxQtyExceededError,
  ReleaseExceedsReservedError,
} from './domain/inventory-item.errors.js';
/** Projection names, for ?minPosition waits and POST /projections/:name/rebuild. */
export { InventoryListProjection } from './read-model/inventory-list.projection.js';
export { InventoryItemDetailsProjection } from './read-model/inventory-item-details.projection.js';

/** Integration events: inventory's public contract with other services (see the README). */
export { StockChangedIntegrationEvent } from './integration/stock-changed.integration-event.js';
/** Its mapping from the internal events, for the forwarder and the AsyncAPI document. */
export { InventoryIntegrationMapping } from './integration/inventory-integration.mapping.js';
/** The consumer of `inbound.inventory.deliveries`, for NatsIntegrationModule.register(). */
export { DeliveriesConsumer } from './integration/deliveries.consumer.js';
/** The contract of the deliveries it reads, for the AsyncAPI document. */
export { DELIVERY_CONTRACT } from './integration/delivery.js';
