import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Adds an item to the catalogue; repeating it with the same id and content is harmless. */
export class CreateInventoryItemCommand extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = 'CreateInventoryItemCommand';

  constructor(
    readonly itemId: string,
    readonly name: string,
    readonly maxQty: number | null = null,
  ) {
    super();
  }
}
