import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrderRepository } from '../write-model/order.repository.js';
import { CancelOrderCommand } from './cancel-order.command.js';

@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand> {
  constructor(private readonly orders: OrderRepository) {}

  execute({ orderId, expectedVersion }: CancelOrderCommand) {
    return this.orders.update(orderId, expectedVersion, (order) => order.cancel());
  }
}
