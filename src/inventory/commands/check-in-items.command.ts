import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Puts `count` items into stock. */
export class CheckInItemsCommand extends Command<CommandResult> {
  constructor(
    readonly itemId: string,
    readonly count: number,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
