import { MappingSpec } from '../../core/testing/mapping-spec.js';
import { InventoryItemCreatedEvent } from '../events/inventory-item-created.event.js';
import { InventoryItemRenamedEvent } from '../events/inventory-item-renamed.event.js';
import { ItemsCheckedInEvent } from '../events/items-checked-in.event.js';
import { ItemsRemovedEvent } from '../events/items-removed.event.js';
import { StockReleasedEvent } from '../events/stock-released.event.js';
import { StockReservedEvent } from '../events/stock-reserved.event.js';
import { InventoryIntegrationMapping } from './inventory-integration.mapping.js';

const ITEM = '6f1c7a0e-1d2b-4c3d-8e9f-0a1b2c3d4e5f';
const ORDER = '0d9e8f7a-6b5c-4d3e-9f1a-2b3c4d5e6f70';

function history(): MappingSpec {
  return new MappingSpec().append(
    ITEM,
    new InventoryItemCreatedEvent(ITEM, 'Widget', null),
    new ItemsCheckedInEvent(ITEM, 10),
    new InventoryItemRenamedEvent(ITEM, 'Blue widget'),
    new StockReservedEvent(ITEM, 3, ORDER),
    new ItemsRemovedEvent(ITEM, 2),
    new StockReleasedEvent(ITEM, 3, ORDER),
  );
}

describe('InventoryIntegrationMapping', () => {
  it('publishes stock-changed with the count right after each change of the count, and nothing for the others', async () => {
    const spec = history();
    const messages = await spec.forward(new InventoryIntegrationMapping(spec.eventStore));
    expect(messages.map(({ type, data, position }) => ({ type, data, position }))).toEqual(
      [
        { position: '2', currentCount: 10 },
        { position: '4', currentCount: 7 },
        { position: '5', currentCount: 5 },
        { position: '6', currentCount: 8 },
      ].map(({ position, currentCount }) => ({
        type: 'inventory.stock-changed.v1',
        position,
        data: { itemId: ITEM, currentCount },
      })),
    );
    expect(messages.map(({ id }) => id)).toEqual(
      spec.log
        .filter(({ position }) => [2, 4, 5, 6].includes(position))
        .map(({ metadata }) => metadata.eventId),
    );
  });

  it('gives the same message for an event forwarded again, by a fresh process or after a later one', async () => {
    const spec = history();
    const first = await spec.forward(new InventoryIntegrationMapping(spec.eventStore));
    // A restarted forwarder resumes from a checkpoint in the middle of the item's history.
    expect(await spec.forward(new InventoryIntegrationMapping(spec.eventStore), 3)).toEqual(first.slice(1));
    // The same instance, taken back to an earlier event (a retry after a crash of the publication).
    const mapping = new InventoryIntegrationMapping(spec.eventStore);
    await spec.forward(mapping);
    expect(await spec.forward(mapping, 1)).toEqual(first);
  });
});
