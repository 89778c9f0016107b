import { ProjectionSpec } from '../../core/testing/projection-spec.js';
import { InventoryItemCreatedEvent } from '../events/inventory-item-created.event.js';
import { InventoryItemDeactivatedEvent } from '../events/inventory-item-deactivated.event.js';
import { InventoryItemRenamedEvent } from '../events/inventory-item-renamed.event.js';
import { ItemsCheckedInEvent } from '../events/items-checked-in.event.js';
import { ItemsRemovedEvent } from '../events/items-removed.event.js';
import { MaxQtyChangedEvent } from '../events/max-qty-changed.event.js';
import { INVENTORY_SCHEMAS } from '../inventory.schemas.js';
import { InventoryItemDetailsProjection } from './inventory-item-details.projection.js';
import { InventoryItemDetailsView } from './inventory-item-details.view.js';

describe('InventoryItemDetailsProjection', () => {
  let spec: ProjectionSpec;
  beforeEach(
    async () =>
      (spec = await ProjectionSpec.create(new InventoryItemDetailsProjection(), INVENTORY_SCHEMAS.read)),
  );
  afterEach(() => spec.close());

  it('shows a created item with no stock and its version', async () => {
    await spec.given('a', new InventoryItemCreatedEvent('a', 'Widget', 10));
    expect(await spec.rows(InventoryItemDetailsView)).toEqual([
      { id: 'a', name: 'Widget', currentCount: 0, maxQty: 10, version: 1, active: true },
    ]);
  });

  it('sums stock movements and follows every change, moving the version each time', async () => {
    await spec.given(
      'a',
      new InventoryItemCreatedEvent('a', 'Widget', null),
      new ItemsCheckedInEvent('a', 5),
      new ItemsRemovedEvent('a', 2),
      new ItemsCheckedInEvent('a', 4),
      new MaxQtyChangedEvent('a', 50),
      new InventoryItemRenamedEvent('a', 'Gadget'),
      new InventoryItemDeactivatedEvent('a'),
    );
    expect(await spec.rows(InventoryItemDetailsView)).toEqual([
      { id: 'a', name: 'Gadget', currentCount: 7, maxQty: 50, version: 7, active: false },
    ]);
  });

  it('keeps items apart', async () => {
    await spec.given(
      'a',
      new InventoryItemCreatedEvent('a', 'Widget', null),
      new ItemsCheckedInEvent('a', 1),
    );
    await spec.given('b', new InventoryItemCreatedEvent('b', 'Bolt', null), new ItemsCheckedInEvent('b', 9));
    const rows = await spec.rows(InventoryItemDetailsView);
    expect(rows.map(({ id, currentCount }) => [id, currentCount])).toEqual([
      ['a', 1],
      ['b', 9],
    ]);
  });
});
