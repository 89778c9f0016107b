import { DomainEvent } from '../../core/index.js';

/** The item's name changed. */
export class InventoryItemRenamedEvent extends DomainEvent {
  static readonly type = 'InventoryItemRenamed';
  static readonly schemaVersion = 1;

  constructor(
    readonly itemId: string,
    readonly name: string,
  ) {
    super();
  }
}
