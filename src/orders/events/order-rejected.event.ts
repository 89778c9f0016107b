import { DomainEvent } from '../../core/index.js';

/** A line could not be reserved; what had been reserved for the order was released. */
export class OrderRejectedEvent extends DomainEvent {
  static readonly type = 'OrderRejected';
  static readonly schemaVersion = 1;

  constructor(
    readonly orderId: string,
    readonly reason: string,
  ) {
    super();
  }
}
