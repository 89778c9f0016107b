import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Puts `count` items into stock. */
export class CheckInItemsCommand extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = 'CheckInItemsCommand';

  constructor(
    readonly itemId: string,
    readonly count: number,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
