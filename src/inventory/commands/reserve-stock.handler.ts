import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../core/index.js';
import { InventoryItem } from '../domain/inventory-item.aggregate.js';
import { ReserveStockCommand } from './reserve-stock.command.js';

@CommandHandler(ReserveStockCommand)
export class ReserveStockHandler implements ICommandHandler<ReserveStockCommand> {
  constructor(private readonly items: EventSourcedRepository) {}

  execute({ itemId, quantity, reservationId }: ReserveStockCommand) {
    return this.items.update(InventoryItem, itemId, undefined, (item) =>
      item.reserve(quantity, reservationId),
    );
  }
}
