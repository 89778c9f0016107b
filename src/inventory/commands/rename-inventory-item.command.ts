import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Gives the item a new name. */
export class RenameInventoryItemCommand extends Command<CommandResult> {
  constructor(
    readonly itemId: string,
    readonly name: string,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
