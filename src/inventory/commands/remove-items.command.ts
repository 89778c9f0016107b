import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Takes `count` items out of stock. */
export class RemoveItemsCommand extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = 'RemoveItemsCommand';

  constructor(
    readonly itemId: string,
    readonly count: number,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
