import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Sent by the fulfilment saga once every line's stock is reserved. */
export class ConfirmOrderCommand extends Command<CommandResult> {
  constructor(readonly orderId: string) {
    super();
  }
}
