import { EventSourcedAggregate } from '../../core/index.js';
import { InventoryItemCreatedEvent } from '../events/inventory-item-created.event.js';
import { InventoryItemDeactivatedEvent } from '../events/inventory-item-deactivated.event.js';
import { InventoryItemRenamedEvent } from '../events/inventory-item-renamed.event.js';
import { ItemsCheckedInEvent } from '../events/items-checked-in.event.js';
import { ItemsRemovedEvent } from '../events/items-removed.event.js';
import { MaxQtyChangedEvent } from '../events/max-qty-changed.event.js';
import { StockReleasedEvent } from '../events/stock-released.event.js';
import { StockReservedEvent } from '../events/stock-reserved.event.js';
import {
  InsufficientStockError,
  InvalidItemNameError,
  InvalidQuantityError,
  InventoryItemDeactivatedError,
  InventoryItemNotFoundError,
  MaxQtyBelowStockError,
  MaxQtyExceededError,
  ReleaseExceedsReservedError,
} from './inventory-item.errors.js';

export const MAX_NAME_LENGTH = 200;
export const MAX_QUANTITY = 1_000_000_000;

interface InventoryItemSnapshot {
  readonly name: string;
  readonly currentCount: number;
  readonly maxQty: number | null;
  readonly active: boolean;
  readonly reserved: number;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > MAX_NAME_LENGTH) throw new InvalidItemNameError();
  return trimmed;
}

function checkQuantity(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_QUANTITY)
    throw new InvalidQuantityError(field, value);
}

/** An item of stock, event-sourced as in the SimpleCQRS sample. */
export class InventoryItem extends EventSourcedAggregate<InventoryItemSnapshot> {
  static readonly streamType = 'InventoryItem';
  // 2: `reserved` joined the state; older snapshots are ignored and the stream replayed.
  static readonly snapshotSchemaVersion = 2;
  static notFound(id: string): InventoryItemNotFoundError {
    return new InventoryItemNotFoundError(id);
  }

  private name = '';
  private currentCount = 0;
  private maxQty: number | null = null;
  private active = false;
  /** Held for reservations; never part of currentCount. */
  private reserved = 0;

  static create(id: string, name: string, maxQty: number | null = null): InventoryItem {
    if (maxQty !== null) checkQuantity('maxQty', maxQty);
    const item = new InventoryItem(id);
    item.apply(new InventoryItemCreatedEvent(id, checkName(name), maxQty));
    return item;
  }

  rename(name: string): void {
    this.ensureActive();
    this.apply(new InventoryItemRenamedEvent(this.id, checkName(name)));
  }

  checkIn(count: number): void {
    this.ensureActive();
    checkQuantity('count', count);
    if (this.maxQty !== null && this.currentCount + count > this.maxQty) {
      throw new MaxQtyExceededError(count, this.currentCount, this.maxQty);
    }
    this.apply(new ItemsCheckedInEvent(this.id, count));
  }

  remove(count: number): void {
    this.ensureActive();
    checkQuantity('count', count);
    if (count > this.currentCount) throw new InsufficientStockError(count, this.currentCount);
    this.apply(new ItemsRemovedEvent(this.id, count));
  }

  changeMaxQty(maxQty: number): void {
    this.ensureActive();
    checkQuantity('maxQty', maxQty);
    if (maxQty < this.currentCount) throw new MaxQtyBelowStockError(maxQty, this.currentCount);
    this.apply(new MaxQtyChangedEvent(this.id, maxQty));
  }

  /** Holds stock for a reservation: it leaves currentCount, so no one else can take it. */
  reserve(quantity: number, reservationId: string): void {
    this.ensureActive();
    checkQuantity('quantity', quantity);
    if (quantity > this.currentCount) throw new InsufficientStockError(quantity, this.currentCount);
    this.apply(new StockReservedEvent(this.id, quantity, reservationId));
  }

  /**
   * Gives held stock back. Allowed on a deactivated item: the stock exists and the books must add up,
   * and a saga undoing a reservation has no one to report a refusal to.
   */
  release(quantity: number, reservationId: string): void {
    checkQuantity('quantity', quantity);
    if (quantity > this.reserved) throw new ReleaseExceedsReservedError(quantity, this.reserved);
    this.apply(new StockReleasedEvent(this.id, quantity, reservationId));
  }

  deactivate(): void {
    this.ensureActive();
    this.apply(new InventoryItemDeactivatedEvent(this.id));
  }

  toSnapshot(): InventoryItemSnapshot {
    return {
      name: this.name,
      currentCount: this.currentCount,
      maxQty: this.maxQty,
      active: this.active,
      reserved: this.reserved,
    };
  }

  protected restoreSnapshot(state: InventoryItemSnapshot): void {
    ({
      name: this.name,
      currentCount: this.currentCount,
      maxQty: this.maxQty,
      active: this.active,
      reserved: this.reserved,
    } = state);
  }

  private ensureActive(): void {
    if (!this.active) throw new InventoryItemDeactivatedError(this.id);
  }

  protected onInventoryItemCreatedEvent(event: InventoryItemCreatedEvent): void {
    this.name = event.name;
    this.maxQty = event.maxQty;
    this.active = true;
  }

  protected onInventoryItemRenamedEvent(event: InventoryItemRenamedEvent): void {
    this.name = event.name;
  }

  protected onItemsCheckedInEvent(event: ItemsCheckedInEvent): void {
    this.currentCount += event.count;
  }

  protected onItemsRemovedEvent(event: ItemsRemovedEvent): void {
    this.currentCount -= event.count;
  }

  protected onMaxQtyChangedEvent(event: MaxQtyChangedEvent): void {
    this.maxQty = event.maxQty;
  }

  protected onStockReservedEvent(event: StockReservedEvent): void {
    this.currentCount -= event.quantity;
    this.reserved += event.quantity;
  }

  protected onStockReleasedEvent(event: StockReleasedEvent): void {
    this.reserved -= event.quantity;
    this.currentCount += event.quantity;
  }

  protected onInventoryItemDeactivatedEvent(): void {
    this.active = false;
  }
}
