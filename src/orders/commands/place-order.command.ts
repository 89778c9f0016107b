import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';
import type { OrderLine } from '../domain/order-line.js';

/** Places an order; the fulfilment saga then confirms or rejects it. */
export class PlaceOrderCommand extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = 'PlaceOrderCommand';

  constructor(
    readonly orderId: string,
    readonly lines: readonly OrderLine[],
  ) {
    super();
  }
}
