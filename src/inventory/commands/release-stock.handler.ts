import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../core/index.js';
import { InventoryItem } from '../domain/inventory-item.aggregate.js';
import { ReleaseStockCommand } from './release-stock.command.js';

@CommandHandler(ReleaseStockCommand)
export class ReleaseStockHandler implements ICommandHandler<ReleaseStockCommand> {
  constructor(private readonly items: EventSourcedRepository) {}

  execute({ itemId, quantity, reservationId }: ReleaseStockCommand) {
    return this.items.update(InventoryItem, itemId, undefined, (item) =>
      item.release(quantity, reservationId),
    );
  }
}
