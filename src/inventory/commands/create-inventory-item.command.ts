import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Adds an item to the catalogue; repeating it with the same id and content is harmless. */
export class CreateInventoryItemCommand extends Command<CommandResult> {
  constructor(
    readonly itemId: string,
    readonly name: string,
    readonly maxQty: number | null = null,
  ) {
    super();
  }
}
