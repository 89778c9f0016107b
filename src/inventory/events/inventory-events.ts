import { InventoryItemCreatedEvent } from './inventory-item-created.event.js';
import { InventoryItemDeactivatedEvent } from './inventory-item-deactivated.event.js';
import { InventoryItemRenamedEvent } from './inventory-item-renamed.event.js';
import { ItemsCheckedInEvent } from './items-checked-in.event.js';
import { ItemsRemovedEvent } from './items-removed.event.js';
import { MaxQtyChangedEvent } from './max-qty-changed.event.js';
import { StockReleasedEvent } from './stock-released.event.js';
import { StockReservedEvent } from './stock-reserved.event.js';

/** Every event the inventory module writes, registered with the core's type registry. */
export const INVENTORY_EVENTS = [
  InventoryItemCreatedEvent,
  InventoryItemRenamedEvent,
  ItemsCheckedInEvent,
  ItemsRemovedEvent,
  MaxQtyChangedEvent,
  InventoryItemDeactivatedEvent,
  StockReservedEvent,
  StockReleasedEvent,
];
