import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { VIEW_READER } from '../../core/index.js';
import { OrderView } from '../read-model/order.view.js';
import { ListOrdersQuery, type OrderList } from './list-orders.query.js';
import { toOrderDetails } from './order-details.js';

@QueryHandler(ListOrdersQuery)
export class ListOrdersHandler implements IQueryHandler<ListOrdersQuery> {
  constructor(@InjectRepository(OrderView, VIEW_READER) private readonly orders: Repository<OrderView>) {}

  async execute({ status, limit, offset }: ListOrdersQuery): Promise<OrderList> {
    const where = status ? { status } : {};
    const [rows, total] = await Promise.all([
      this.orders.find({ where, order: { placedPosition: 'ASC', id: 'ASC' }, skip: offset, take: limit }),
      this.orders.count({ where }),
    ]);
    return { items: rows.map(toOrderDetails), total, limit, offset };
  }
}
