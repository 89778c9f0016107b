import { DomainEvent } from '../../core/index.js';
import type { OrderLine } from '../domain/order-line.js';

/** A client placed an order; it is pending until the fulfilment saga has reserved its stock. */
export class OrderPlacedEvent extends DomainEvent {
  static readonly type = 'OrderPlaced';
  static readonly schemaVersion = 1;

  constructor(
    readonly orderId: string,
    readonly lines: readonly OrderLine[],
  ) {
    super();
  }
}
