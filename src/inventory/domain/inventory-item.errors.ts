import { NotFoundError, RuleViolationError } from '../../core/index.js';

/** The same answer on the command and the query side, also for an id of another kind of aggregate. */
export class InventoryItemNotFoundError extends NotFoundError {
  constructor(itemId: string) {
    super('INVENTORY_ITEM_NOT_FOUND', `Inventory item ${itemId} does not exist`, { itemId });
  }
}

export class InventoryItemDeactivatedError extends RuleViolationError {
  constructor(itemId: string) {
    super('ITEM_DEACTIVATED', `Inventory item ${itemId} is deactivated and refuses every command`, {
      itemId,
    });
  }
}

export class InsufficientStockError extends RuleViolationError {
  constructor(requested: number, available: number) {
    super('INSUFFICIENT_STOCK', `Cannot take ${requested} items: only ${available} in stock`, {
      requested,
      available,
    });
  }
}

export class MaxQtyExceededError extends RuleViolationError {
  constructor(count: number, currentCount: number, maxQty: number) {
    super(
      'MAX_QTY_EXCEEDED',
      `Checking in ${count} would take the stock of ${currentCount} above its maximum of ${maxQty}`,
      {
        count,
        currentCount,
        maxQty,
      },
    );
  }
}

export class MaxQtyBelowStockError extends RuleViolationError {
  constructor(maxQty: number, currentCount: number) {
    super('MAX_QTY_BELOW_STOCK', `A maximum of ${maxQty} is below the ${currentCount} items in stock`, {
      maxQty,
      currentCount,
    });
  }
}

export class InvalidItemNameError extends RuleViolationError {
  constructor() {
    super('INVALID_NAME', 'A name is 1 to 200 characters after trimming');
  }
}

export class InvalidQuantityError extends RuleViolationError {
  constructor(field: string, value: number) {
    super('INVALID_QUANTITY', `${field} must be an integer from 1 to 1,000,000,000, got ${value}`, { field });
  }
}

export class ReleaseExceedsReservedError extends RuleViolationError {
  constructor(quantity: number, reserved: number) {
    super('RELEASE_EXCEEDS_RESERVED', `Cannot release ${quantity} items: only ${reserved} are reserved`, {
      quantity,
      reserved,
    });
  }
}
