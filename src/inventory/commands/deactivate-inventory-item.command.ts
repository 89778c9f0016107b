import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Takes the item out of the catalogue for good. */
export class DeactivateInventoryItemCommand extends Command<CommandResult> {
  constructor(
    readonly itemId: string,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
