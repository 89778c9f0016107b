import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../core/index.js';
import { InventoryItem } from '../domain/inventory-item.aggregate.js';
import { RemoveItemsCommand } from './remove-items.command.js';

@CommandHandler(RemoveItemsCommand)
export class RemoveItemsHandler implements ICommandHandler<RemoveItemsCommand> {
  constructor(private readonly items: EventSourcedRepository) {}

  execute({ itemId, count, expectedVersion }: RemoveItemsCommand) {
    return this.items.update(InventoryItem, itemId, expectedVersion, (item) => item.remove(count));
  }
}
