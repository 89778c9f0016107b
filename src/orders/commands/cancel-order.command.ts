import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Cancels a confirmed order; the fulfilment saga then gives its stock back. */
export class CancelOrderCommand extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = 'CancelOrderCommand';

  constructor(
    readonly orderId: string,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
