import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { OrderRepository } from '../write-model/order.repository.js';
import { RejectOrderCommand } from './reject-order.command.js';

@CommandHandler(RejectOrderCommand)
export class RejectOrderHandler implements ICommandHandler<RejectOrderCommand> {
  constructor(private readonly orders: OrderRepository) {}

  execute({ orderId, reason }: RejectOrderCommand) {
    return this.orders.update(orderId, undefined, (order) => order.reject(reason));
  }
}
