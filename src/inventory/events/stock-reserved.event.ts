import { DomainEvent } from '../../core/index.js';

/** `quantity` items left `currentCount` to be held for `reservationId` (an order, for instance). */
export class StockReservedEvent extends DomainEvent {
  static readonly type = 'StockReserved';
  static readonly schemaVersion = 1;

  constructor(
    readonly itemId: string,
    readonly quantity: number,
    readonly reservationId: string,
  ) {
    super();
  }
}
