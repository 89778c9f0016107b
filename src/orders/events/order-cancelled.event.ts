import { DomainEvent } from '../../core/index.js';
import type { OrderLine } from '../domain/order-line.js';

/**
 * A confirmed order was cancelled; its stock is to go back. The lines travel with the event so that
 * the saga releasing them needs nothing but the log.
 */
export class OrderCancelledEvent extends DomainEvent {
  static readonly type = 'OrderCancelled';
  static readonly schemaVersion = 1;

  constructor(
    readonly orderId: string,
    readonly lines: readonly OrderLine[],
  ) {
    super();
  }
}
