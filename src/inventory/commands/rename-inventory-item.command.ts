import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Gives the item a new name. */
export class RenameInventoryItemCommand extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = 'RenameInventoryItemCommand';

  constructor(
    readonly itemId: string,
    readonly name: string,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
