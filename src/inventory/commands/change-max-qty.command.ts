import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Sets the most the item may hold in stock. */
export class ChangeMaxQtyCommand extends Command<CommandResult> {
  constructor(
    readonly itemId: string,
    readonly maxQty: number,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
