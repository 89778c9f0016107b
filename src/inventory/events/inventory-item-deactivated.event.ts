import { DomainEvent } from '../../core/index.js';

/** The item left the catalogue; it refuses every further command. */
export class InventoryItemDeactivatedEvent extends DomainEvent {
  static readonly type = 'InventoryItemDeactivated';
  static readonly schemaVersion = 1;

  constructor(readonly itemId: string) {
    super();
  }
}
