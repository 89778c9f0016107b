import { DomainEvent } from '../../core/index.js';

/** A new item entered the catalogue, with no stock; `maxQty` null means no maximum. */
export class InventoryItemCreatedEvent extends DomainEvent {
  static readonly type = 'InventoryItemCreated';
  static readonly schemaVersion = 1;

  constructor(
    readonly itemId: string,
    readonly name: string,
    readonly maxQty: number | null,
  ) {
    super();
  }
}
