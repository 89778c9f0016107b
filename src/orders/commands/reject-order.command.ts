import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Sent by the fulfilment saga when a line cannot be reserved, after releasing the others. */
export class RejectOrderCommand extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = 'RejectOrderCommand';

  constructor(
    readonly orderId: string,
    readonly reason: string,
  ) {
    super();
  }
}
