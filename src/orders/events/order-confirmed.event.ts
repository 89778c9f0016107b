import { DomainEvent } from '../../core/index.js';

/** Every line's stock is reserved: the order holds it. */
export class OrderConfirmedEvent extends DomainEvent {
  static readonly type = 'OrderConfirmed';
  static readonly schemaVersion = 1;

  constructor(readonly orderId: string) {
    super();
  }
}
