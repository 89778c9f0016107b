import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Projection, type RecordedEvent } from '../../core/index.js';
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
    this.on(InventoryItemCreatedEvent, (event, manager, { version }) =>
      manager.insert(InventoryItemDetailsView, {
        id: event.itemId,
        name: event.name,
        currentCount: 0,
        maxQty: event.maxQty,
        version,
        active: true,
      }),
    );
    this.on(InventoryItemRenamedEvent, (event, manager, recorded) =>
      this.change(manager, recorded, { name: event.name }),
    );
    this.on(InventoryItemDeactivatedEvent, (_, manager, recorded) =>
      this.change(manager, recorded, { active: false }),
    );
    this.on(MaxQtyChangedEvent, (event, manager, recorded) =>
      this.change(manager, recorded, { maxQty: event.maxQty }),
    );
    this.on(ItemsCheckedInEvent, (event, manager, recorded) =>
      this.addToCount(manager, recorded, event.count),
    );
    this.on(ItemsRemovedEvent, (event, manager, recorded) =>
      this.addToCount(manager, recorded, -event.count),
    );
    // Reserved stock is not in currentCount: it leaves on reservation and comes back on release.
    this.on(StockReservedEvent, (event, manager, recorded) =>
      this.addToCount(manager, recorded, -event.quantity),
    );
    this.on(StockReleasedEvent, (event, manager, recorded) =>
      this.addToCount(manager, recorded, event.quantity),
    );
  }

  private change(
    manager: EntityManager,
    { streamId, version }: RecordedEvent,
    fields: Partial<InventoryItemDetailsView>,
  ) {
    return manager.update(InventoryItemDetailsView, { id: streamId }, { ...fields, version });
  }

  private addToCount(manager: EntityManager, { streamId, version }: RecordedEvent, delta: number) {
    return manager
      .createQueryBuilder()
      .update(InventoryItemDetailsView)
      .set({ currentCount: () => 'current_count + :delta', version })
      .where('id = :id', { id: streamId })
      .setParameter('delta', delta)
      .execute();
  }
}
