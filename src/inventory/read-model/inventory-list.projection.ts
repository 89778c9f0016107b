import { Injectable } from '@nestjs/common';
import { Projection } from '../../core/index.js';
import { InventoryItemCreatedEvent } from '../events/inventory-item-created.event.js';
import { InventoryItemDeactivatedEvent } from '../events/inventory-item-deactivated.event.js';
import { InventoryItemRenamedEvent } from '../events/inventory-item-renamed.event.js';
import { InventoryListView } from './inventory-list.view.js';

/** Fills InventoryListView: active items and their names. */
@Injectable()
export class InventoryListProjection extends Projection {
  static readonly projectionName = 'inventory-list';
  readonly name = InventoryListProjection.projectionName;
  readonly views = [InventoryListView];

  constructor() {
    super();
    this.rows(InventoryListView, ({ streamId }) => streamId)
      .insert(InventoryItemCreatedEvent, (event) => ({ id: event.itemId, name: event.name }))
      .update(InventoryItemRenamedEvent, (event) => ({ name: event.name }))
      .delete(InventoryItemDeactivatedEvent);
  }
}
