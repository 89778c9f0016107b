import { given, whenCreated } from '../../core/testing/aggregate-spec.js';
import { InventoryItemCreatedEvent } from '../events/inventory-item-created.event.js';
import { InventoryItemDeactivatedEvent } from '../events/inventory-item-deactivated.event.js';
import { InventoryItemRenamedEvent } from '../events/inventory-item-renamed.event.js';
import { ItemsCheckedInEvent } from '../events/items-checked-in.event.js';
import { ItemsRemovedEvent } from '../events/items-removed.event.js';
import { MaxQtyChangedEvent } from '../events/max-qty-changed.event.js';
import { InventoryItem } from './inventory-item.aggregate.js';
import {
  InsufficientStockError,
  InvalidItemNameError,
  InvalidQuantityError,
  InventoryItemDeactivatedError,
  MaxQtyBelowStockError,
  MaxQtyExceededError,
} from './inventory-item.errors.js';

const id = '6f1c1f7e-2d7a-4e0e-9a55-3c2b1f0e9a01';
const created = new InventoryItemCreatedEvent(id, 'Widget', null);
const createdWithMax = new InventoryItemCreatedEvent(id, 'Widget', 10);

describe('InventoryItem', () => {
  describe('creating', () => {
    it('records the item created, name trimmed, without a maximum', () => {
      whenCreated(() => InventoryItem.create(id, '  Widget ')).thenEvents(created);
    });

    it('records the maximum when one is given', () => {
      whenCreated(() => InventoryItem.create(id, 'Widget', 10)).thenEvents(createdWithMax);
    });

    it.each(['', '   ', 'x'.repeat(201)])('refuses the name %j', (name) => {
      whenCreated(() => InventoryItem.create(id, name)).thenThrows(InvalidItemNameError);
    });

    it('accepts a name of exactly 200 characters', () => {
      whenCreated(() => InventoryItem.create(id, 'x'.repeat(200))).thenEvents(
        new InventoryItemCreatedEvent(id, 'x'.repeat(200), null),
      );
    });

    it.each([0, -1, 1.5, 1_000_000_001])('refuses the maximum %p', (maxQty) => {
      whenCreated(() => InventoryItem.create(id, 'Widget', maxQty)).thenThrows(InvalidQuantityError);
    });
  });

  describe('when active', () => {
    it('renames', () => {
      given(InventoryItem, id, created)
        .when((item) => item.rename(' Gadget '))
        .thenEvents(new InventoryItemRenamedEvent(id, 'Gadget'));
    });

    it('refuses an empty new name', () => {
      given(InventoryItem, id, created)
        .when((item) => item.rename('  '))
        .thenThrows(InvalidItemNameError);
    });

    it('checks items in', () => {
      given(InventoryItem, id, created)
        .when((item) => item.checkIn(5))
        .thenEvents(new ItemsCheckedInEvent(id, 5));
    });

    it.each([0, -3, 2.5, 1_000_000_001])('refuses to check in %p items', (count) => {
      given(InventoryItem, id, created)
        .when((item) => item.checkIn(count))
        .thenThrows(InvalidQuantityError);
    });

    it('checks in up to the maximum exactly', () => {
      given(InventoryItem, id, createdWithMax, new ItemsCheckedInEvent(id, 4))
        .when((item) => item.checkIn(6))
        .thenEvents(new ItemsCheckedInEvent(id, 6));
    });

    it('refuses a check-in that would take the stock above the maximum', () => {
      given(InventoryItem, id, createdWithMax, new ItemsCheckedInEvent(id, 4))
        .when((item) => item.checkIn(7))
        .thenThrows(MaxQtyExceededError, /above its maximum of 10/);
    });

    it('removes items in stock, all of them included', () => {
      given(InventoryItem, id, created, new ItemsCheckedInEvent(id, 3))
        .when((item) => item.remove(3))
        .thenEvents(new ItemsRemovedEvent(id, 3));
    });

    it('refuses to remove more than in stock', () => {
      given(InventoryItem, id, created, new ItemsCheckedInEvent(id, 3))
        .when((item) => item.remove(5))
        .thenThrows(InsufficientStockError, /only 3 in stock/);
    });

    it('counts removals already made', () => {
      given(InventoryItem, id, created, new ItemsCheckedInEvent(id, 3), new ItemsRemovedEvent(id, 2))
        .when((item) => item.remove(2))
        .thenThrows(InsufficientStockError);
    });

    it('changes the maximum, down to the stock exactly', () => {
      given(InventoryItem, id, created, new ItemsCheckedInEvent(id, 3))
        .when((item) => item.changeMaxQty(3))
        .thenEvents(new MaxQtyChangedEvent(id, 3));
    });

    it('refuses a maximum below the stock', () => {
      given(InventoryItem, id, created, new ItemsCheckedInEvent(id, 3))
        .when((item) => item.changeMaxQty(2))
        .thenThrows(MaxQtyBelowStockError);
    });

    it('enforces a maximum set after creation', () => {
      given(InventoryItem, id, created, new MaxQtyChangedEvent(id, 2))
        .when((item) => item.checkIn(3))
        .thenThrows(MaxQtyExceededError);
    });

    it('deactivates', () => {
      given(InventoryItem, id, created)
        .when((item) => item.deactivate())
        .thenEvents(new InventoryItemDeactivatedEvent(id));
    });
  });

  describe('when deactivated', () => {
    const history = [created, new ItemsCheckedInEvent(id, 3), new InventoryItemDeactivatedEvent(id)];

    it.each([
      ['rename', (item: InventoryItem) => item.rename('Other')],
      ['check in', (item: InventoryItem) => item.checkIn(1)],
      ['remove', (item: InventoryItem) => item.remove(1)],
      ['change the maximum', (item: InventoryItem) => item.changeMaxQty(5)],
      ['deactivate again', (item: InventoryItem) => item.deactivate()],
    ])('refuses to %s', (_, command) => {
      given(InventoryItem, id, ...history)
        .when(command)
        .thenThrows(InventoryItemDeactivatedError);
    });
  });

  describe('snapshots', () => {
    it('restores the state that decides, so rules hold after a snapshot', () => {
      const original = new InventoryItem(id);
      original.loadFromHistory([createdWithMax, new ItemsCheckedInEvent(id, 8)]);
      const restored = new InventoryItem(id);
      restored.restoreFromSnapshot(original.toSnapshot(), original.version);
      expect(restored.version).toBe(2);
      expect(() => restored.checkIn(3)).toThrow(MaxQtyExceededError);
      restored.checkIn(2);
      expect(restored.persistedVersion).toBe(2);
      expect(restored.version).toBe(3);
    });
  });
});
