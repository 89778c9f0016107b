import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../core/index.js';
import { InventoryItem } from '../domain/inventory-item.aggregate.js';
import { CheckInItemsCommand } from './check-in-items.command.js';

@CommandHandler(CheckInItemsCommand)
export class CheckInItemsHandler implements ICommandHandler<CheckInItemsCommand> {
  constructor(private readonly items: EventSourcedRepository) {}

  execute({ itemId, count, expectedVersion }: CheckInItemsCommand) {
    return this.items.update(InventoryItem, itemId, expectedVersion, (item) => item.checkIn(count));
  }
}
