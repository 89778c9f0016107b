import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../core/index.js';
import { InventoryItem } from '../domain/inventory-item.aggregate.js';
import { RenameInventoryItemCommand } from './rename-inventory-item.command.js';

@CommandHandler(RenameInventoryItemCommand)
export class RenameInventoryItemHandler implements ICommandHandler<RenameInventoryItemCommand> {
  constructor(private readonly items: EventSourcedRepository) {}

  execute({ itemId, name, expectedVersion }: RenameInventoryItemCommand) {
    return this.items.update(InventoryItem, itemId, expectedVersion, (item) => item.rename(name));
  }
}
