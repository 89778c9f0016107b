import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrderRepository } from '../write-model/order.repository.js';
import { ConfirmOrderCommand } from './confirm-order.command.js';

@CommandHandler(ConfirmOrderCommand)
export class ConfirmOrderHandler implements ICommandHandler<ConfirmOrderCommand> {
  constructor(private readonly orders: OrderRepository) {}

  execute({ orderId }: ConfirmOrderCommand) {
    return this.orders.update(orderId, undefined, (order) => order.confirm());
  }
}
