import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Takes the item out of the catalogue for good. */
export class DeactivateInventoryItemCommand extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = 'DeactivateInventoryItemCommand';

  constructor(
    readonly itemId: string,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
