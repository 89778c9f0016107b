import { ProjectionSpec } from '../../core/testing/projection-spec.js';
import { InventoryItemCreatedEvent } from '../events/inventory-item-created.event.js';
import { InventoryItemDeactivatedEvent } from '../events/inventory-item-deactivated.event.js';
import { InventoryItemRenamedEvent } from '../events/inventory-item-renamed.event.js';
import { ItemsCheckedInEvent } from '../events/items-checked-in.event.js';
import { INVENTORY_SCHEMAS } from '../inventory.schemas.js';
import { InventoryListProjection } from './inventory-list.projection.js';
import { InventoryListView } from './inventory-list.view.js';

describe('InventoryListProjection', () => {
  let spec: ProjectionSpec;
  beforeEach(
    async () => (spec = await ProjectionSpec.create(new InventoryListProjection(), INVENTORY_SCHEMAS.read)),
  );
  afterEach(() => spec.close());

  it('lists a created item by name', async () => {
    await spec.given('a', new InventoryItemCreatedEvent('a', 'Widget', null));
    expect(await spec.rows(InventoryListView)).toEqual([{ id: 'a', name: 'Widget' }]);
  });

  it('follows renames and ignores stock movements', async () => {
    await spec.given(
      'a',
      new InventoryItemCreatedEvent('a', 'Widget', null),
      new ItemsCheckedInEvent('a', 5),
      new InventoryItemRenamedEvent('a', 'Gadget'),
    );
    expect(await spec.rows(InventoryListView)).toEqual([{ id: 'a', name: 'Gadget' }]);
  });

  it('drops a deactivated item, keeping the others', async () => {
    await spec.given(
      'a',
      new InventoryItemCreatedEvent('a', 'Widget', null),
      new InventoryItemDeactivatedEvent('a'),
    );
    await spec.given('b', new InventoryItemCreatedEvent('b', 'Bolt', 3));
    expect(await spec.rows(InventoryListView)).toEqual([{ id: 'b', name: 'Bolt' }]);
  });
});
