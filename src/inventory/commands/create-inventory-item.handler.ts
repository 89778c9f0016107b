import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../core/index.js';
import { InventoryItem } from '../domain/inventory-item.aggregate.js';
import { CreateInventoryItemCommand } from './create-inventory-item.command.js';

@CommandHandler(CreateInventoryItemCommand)
export class CreateInventoryItemHandler implements ICommandHandler<CreateInventoryItemCommand> {
  constructor(private readonly items: EventSourcedRepository) {}

  execute({ itemId, name, maxQty }: CreateInventoryItemCommand) {
    return this.items.create(InventoryItem, itemId, () => InventoryItem.create(itemId, name, maxQty));
  }
}
