import { DomainEvent } from '../../core/index.js';

/** `quantity` items held for `reservationId` went back to `currentCount`. */
export class StockReleasedEvent extends DomainEvent {
  static readonly type = 'StockReleased';
  static readonly schemaVersion = 1;

  constructor(
    readonly itemId: string,
    readonly quantity: number,
    readonly reservationId: string,
  ) {
    super();
  }
}
