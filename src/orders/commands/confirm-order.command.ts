import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Sent by the fulfilment saga once every line's stock is reserved. */
export class ConfirmOrderCommand extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = 'ConfirmOrderCommand';

  constructor(readonly orderId: string) {
    super();
  }
}
