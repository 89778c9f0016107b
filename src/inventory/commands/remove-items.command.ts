import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Takes `count` items out of stock. */
export class RemoveItemsCommand extends Command<CommandResult> {
  constructor(
    readonly itemId: string,
    readonly count: number,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
