import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { VIEW_READER } from '../../core/index.js';
import { OrderNotFoundError } from '../domain/order.errors.js';
import { OrderView } from '../read-model/order.view.js';
import { GetOrderQuery, type OrderDetails } from './get-order.query.js';
import { toOrderDetails } from './order-details.js';

@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery> {
  constructor(@InjectRepository(OrderView, VIEW_READER) private readonly orders: Repository<OrderView>) {}

  async execute({ orderId }: GetOrderQuery): Promise<OrderDetails> {
    const row = await this.orders.findOneBy({ id: orderId });
    if (!row) throw new OrderNotFoundError(orderId);
    return toOrderDetails(row);
  }
}
