import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../core/index.js';
import { InventoryItem } from '../domain/inventory-item.aggregate.js';
import { ChangeMaxQtyCommand } from './change-max-qty.command.js';

@CommandHandler(ChangeMaxQtyCommand)
export class ChangeMaxQtyHandler implements ICommandHandler<ChangeMaxQtyCommand> {
  constructor(private readonly items: EventSourcedRepository) {}

  execute({ itemId, maxQty, expectedVersion }: ChangeMaxQtyCommand) {
    return this.items.update(InventoryItem, itemId, expectedVersion, (item) => item.changeMaxQty(maxQty));
  }
}
