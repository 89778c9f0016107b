import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Order } from '../domain/order.aggregate.js';
import { OrderRepository } from '../write-model/order.repository.js';
import { PlaceOrderCommand } from './place-order.command.js';

@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand> {
  constructor(private readonly orders: OrderRepository) {}

  execute({ orderId, lines }: PlaceOrderCommand) {
    return this.orders.create(orderId, () => Order.place(orderId, lines));
  }
}
