import { Injectable } from '@nestjs/common';
import { Projection } from '../../core/index.js';
import { InventoryItemCreatedEvent } from '../events/inventory-item-created.event.js';
import { InventoryItemDeactivatedEvent } from '../events/inventory-item-deactivated.event.js';
import { InventoryItemRenamedEvent } from '../events/inventory-item-renamed.event.js';
import { ItemsCheckedInEvent } from '../events/items-checked-in.event.js';
import { ItemsRemovedEvent } from '../events/items-removed.event.js';
import { MaxQtyChangedEvent } from '../events/max-qty-changed.event.js';
import { StockReleasedEvent } from '../events/stock-released.event.js';
import { StockReservedEvent } from '../events/stock-reserved.event.js';
import { InventoryItemDetailsView } from './inventory-item-details.view.js';

/** Fills InventoryItemDetailsView; every inventory event moves the row's version. */
@Injectable()
export class InventoryItemDetailsProjection extends Projection {
  static readonly projectionName = 'inventory-item-details';
  readonly name = InventoryItemDetailsProjection.projectionName;
  readonly views = [InventoryItemDetailsView];

  constructor() {
    super();
    const item = this.rows(InventoryItemDetailsView, ({ streamId }) => streamId);
    item.insert(InventoryItemCreatedEvent, (event, { version }) => ({
      id: event.itemId,
      name: event.name,
      currentCount: 0,
      maxQty: event.maxQty,
      version,
      active: true,
    }));
    item.update(InventoryItemRenamedEvent, (event, _, { version }) => ({ name: event.name, version }));
    item.update(InventoryItemDeactivatedEvent, (_event, _row, { version }) => ({ active: false, version }));
    item.update(MaxQtyChangedEvent, (event, _, { version }) => ({ maxQty: event.maxQty, version }));
    item.update(ItemsCheckedInEvent, (event, row, { version }) => ({
      currentCount: row.currentCount + event.count,
      version,
    }));
    item.update(ItemsRemovedEvent, (event, row, { version }) => ({
      currentCount: row.currentCount - event.count,
      version,
    }));
    // Reserved stock is not in currentCount: it leaves on reservation and comes back on release.
    item.update(StockReservedEvent, (event, row, { version }) => ({
      currentCount: row.currentCount - event.quantity,
      version,
    }));
    item.update(StockReleasedEvent, (event, row, { version }) => ({
      currentCount: row.currentCount + event.quantity,
      version,
    }));
  }
}
