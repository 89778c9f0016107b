import { Injectable } from '@nestjs/common';
import {
  type EventClass,
  EventStore,
  IntegrationMapping,
  RecentValues,
  type RecordedEvent,
} from '../../core/index.js';
import { InventoryItem } from '../domain/inventory-item.aggregate.js';
import { ItemsCheckedInEvent } from '../events/items-checked-in.event.js';
import { ItemsRemovedEvent } from '../events/items-removed.event.js';
import { StockReleasedEvent } from '../events/stock-released.event.js';
import { StockReservedEvent } from '../events/stock-reserved.event.js';
import { StockChangedIntegrationEvent } from './stock-changed.integration-event.js';

/**
 * Inventory's integration events. `stock-changed` carries the item's count right after the event,
 * which the internal events do not hold (they say what changed): the item is replayed by its own
 * aggregate, so that the count follows the same rules as the write side's. The items seen lately
 * are kept at the version last forwarded, so the next event of an item costs no read of the log.
 */
@Injectable()
export class InventoryIntegrationMapping extends IntegrationMapping {
  /** Every integration event it may publish (static: the AsyncAPI document is made without an instance). */
  static readonly publishes = [StockChangedIntegrationEvent];
  readonly publishes = InventoryIntegrationMapping.publishes;

  private readonly items = new RecentValues<string, InventoryItem>();

  constructor(private readonly eventStore: EventStore) {
    super();
    const countChanges: EventClass[] = [
      ItemsCheckedInEvent,
      ItemsRemovedEvent,
      StockReservedEvent,
      StockReleasedEvent,
    ];
    for (const eventClass of countChanges)
      this.on(eventClass, (_event, recorded) => this.stockChanged(recorded));
  }

  private async stockChanged(recorded: RecordedEvent): Promise<StockChangedIntegrationEvent> {
    const item = await this.itemAt(recorded);
    return new StockChangedIntegrationEvent({
      itemId: item.id,
      currentCount: item.toSnapshot().currentCount,
    });
  }

  /** The item as it was right after `recorded`. */
  private async itemAt({ streamId, version, event }: RecordedEvent): Promise<InventoryItem> {
    let item = this.items.get(streamId);
    // Forwarded again (after a crash, a retry): start over rather than step back.
    if (!item || item.version >= version) item = new InventoryItem(streamId);
    if (item.version === version - 1) item.loadFromHistory([event]);
    else {
      const missing = await this.eventStore.readStream(streamId, {
        afterVersion: item.version,
        limit: version - item.version,
      });
      item.loadFromHistory(missing.map((recorded) => recorded.event));
    }
    if (item.version !== version)
      throw new Error(`Item ${streamId} replayed to version ${item.version}, not ${version}`);
    this.items.set(streamId, item);
    return item;
  }
}
