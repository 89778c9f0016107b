import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { VIEW_READER, ViewCache, ViewStatement } from '../../core/index.js';
import { OrderNotFoundError } from '../domain/order.errors.js';
import { OrderView } from '../read-model/order.view.js';
import { GetOrderQuery, type OrderDetails } from './get-order.query.js';
import { toOrderDetails } from './order-details.js';

@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery> {
  private readonly byId: ViewStatement<OrderView>;

  constructor(
    @InjectRepository(OrderView, VIEW_READER) orders: Repository<OrderView>,
    private readonly cache: ViewCache,
  ) {
    this.byId = ViewStatement.of(
      orders,
      (view) => `SELECT ${view.allColumns} FROM ${view.table} WHERE ${view.column('id')} = ${view.param(1)}`,
    );
  }

  async execute({ orderId }: GetOrderQuery): Promise<OrderDetails> {
    const row = await this.cache.row(OrderView, orderId, () => this.byId.get(orderId));
    if (!row) throw new OrderNotFoundError(orderId);
    return toOrderDetails(row);
  }
}
