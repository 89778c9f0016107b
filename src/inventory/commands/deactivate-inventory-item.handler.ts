import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../core/index.js';
import { InventoryItem } from '../domain/inventory-item.aggregate.js';
import { DeactivateInventoryItemCommand } from './deactivate-inventory-item.command.js';

@CommandHandler(DeactivateInventoryItemCommand)
export class DeactivateInventoryItemHandler implements ICommandHandler<DeactivateInventoryItemCommand> {
  constructor(private readonly items: EventSourcedRepository) {}

  execute({ itemId, expectedVersion }: DeactivateInventoryItemCommand) {
    return this.items.update(InventoryItem, itemId, expectedVersion, (item) => item.deactivate());
  }
}
