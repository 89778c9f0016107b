import { given } from '../../core/testing/aggregate-spec.js';
import { InventoryItemCreatedEvent } from '../events/inventory-item-created.event.js';
import { InventoryItemDeactivatedEvent } from '../events/inventory-item-deactivated.event.js';
import { ItemsCheckedInEvent } from '../events/items-checked-in.event.js';
import { MaxQtyChangedEvent } from '../events/max-qty-changed.event.js';
import { StockReleasedEvent } from '../events/stock-released.event.js';
import { StockReservedEvent } from '../events/stock-reserved.event.js';
import { InventoryItem } from './inventory-item.aggregate.js';
import {
  InsufficientStockError,
  InvalidQuantityError,
  InventoryItemDeactivatedError,
  ReleaseExceedsReservedError,
} from './inventory-item.errors.js';

const id = '6d1f6c0e-3b1a-4f0e-9d55-0c1e2a3b4c5d';
const order = 'a6c1d5c2-1111-4222-8333-944455566677';
const created = new InventoryItemCreatedEvent(id, 'Widget', null);
const fiveIn = new ItemsCheckedInEvent(id, 5);

describe('InventoryItem reservations', () => {
  describe('reserve', () => {
    it('holds stock that is in currentCount', () => {
      given(InventoryItem, id, created, fiveIn)
        .when((item) => item.reserve(3, order))
        .thenEvents(new StockReservedEvent(id, 3, order));
    });

    it('may hold all of it', () => {
      given(InventoryItem, id, created, fiveIn)
        .when((item) => item.reserve(5, order))
        .thenEvents(new StockReservedEvent(id, 5, order));
    });

    it('refuses more than currentCount', () => {
      given(InventoryItem, id, created, fiveIn)
        .when((item) => item.reserve(6, order))
        .thenThrows(InsufficientStockError, /only 5 in stock/);
    });

    it('does not count stock already held as available', () => {
      given(InventoryItem, id, created, fiveIn, new StockReservedEvent(id, 4, order))
        .when((item) => item.reserve(2, 'another'))
        .thenThrows(InsufficientStockError, /only 1 in stock/);
    });

    it('counts released stock as available again', () => {
      given(
        InventoryItem,
        id,
        created,
        fiveIn,
        new StockReservedEvent(id, 4, order),
        new StockReleasedEvent(id, 4, order),
      )
        .when((item) => item.reserve(5, 'another'))
        .thenEvents(new StockReservedEvent(id, 5, 'another'));
    });

    it('refuses a quantity that is not a positive integer', () => {
      given(InventoryItem, id, created, fiveIn)
        .when((item) => item.reserve(0, order))
        .thenThrows(InvalidQuantityError);
    });

    it('is refused by a deactivated item', () => {
      given(InventoryItem, id, created, fiveIn, new InventoryItemDeactivatedEvent(id))
        .when((item) => item.reserve(1, order))
        .thenThrows(InventoryItemDeactivatedError);
    });
  });

  describe('stock held is not in currentCount', () => {
    it('cannot be removed', () => {
      given(InventoryItem, id, created, fiveIn, new StockReservedEvent(id, 4, order))
        .when((item) => item.remove(2))
        .thenThrows(InsufficientStockError, /only 1 in stock/);
    });

    it('does not count against a new maxQty', () => {
      given(InventoryItem, id, created, fiveIn, new StockReservedEvent(id, 4, order))
        .when((item) => item.changeMaxQty(1))
        .thenEvents(new MaxQtyChangedEvent(id, 1));
    });
  });

  describe('release', () => {
    it('gives held stock back', () => {
      given(InventoryItem, id, created, fiveIn, new StockReservedEvent(id, 3, order))
        .when((item) => item.release(3, order))
        .thenEvents(new StockReleasedEvent(id, 3, order));
    });

    it('refuses more than is held', () => {
      given(InventoryItem, id, created, fiveIn, new StockReservedEvent(id, 3, order))
        .when((item) => item.release(4, order))
        .thenThrows(ReleaseExceedsReservedError, /only 3 are reserved/);
    });

    it('refuses when nothing is held', () => {
      given(InventoryItem, id, created, fiveIn)
        .when((item) => item.release(1, order))
        .thenThrows(ReleaseExceedsReservedError);
    });

    it('works on a deactivated item, so the books still add up', () => {
      given(
        InventoryItem,
        id,
        created,
        fiveIn,
        new StockReservedEvent(id, 3, order),
        new InventoryItemDeactivatedEvent(id),
      )
        .when((item) => item.release(3, order))
        .thenEvents(new StockReleasedEvent(id, 3, order));
    });
  });

  describe('snapshots', () => {
    it('keep what is held', () => {
      const item = new InventoryItem(id);
      item.loadFromHistory([created, fiveIn, new StockReservedEvent(id, 3, order)]);
      const restored = new InventoryItem(id);
      restored.restoreFromSnapshot(item.toSnapshot(), item.version);
      expect(() => restored.release(4, order)).toThrow(ReleaseExceedsReservedError);
      expect(() => restored.reserve(3, order)).toThrow(InsufficientStockError);
      restored.release(3, order);
      expect(restored.getUncommittedEvents()).toEqual([new StockReleasedEvent(id, 3, order)]);
    });
  });
});
