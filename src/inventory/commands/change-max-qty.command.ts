import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Sets the most the item may hold in stock. */
export class ChangeMaxQtyCommand extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = 'ChangeMaxQtyCommand';

  constructor(
    readonly itemId: string,
    readonly maxQty: number,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
