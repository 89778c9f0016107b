import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { VIEW_READER, ViewStatement } from '../../core/index.js';
import { OrderView } from '../read-model/order.view.js';
import { ListOrdersQuery, type OrderList } from './list-orders.query.js';
import { toOrderDetails } from './order-details.js';

/** A page and its total, of all orders or of those in one status. */
interface ListStatements {
  readonly page: ViewStatement<OrderView>;
  readonly count: ViewStatement<{ total: number | string }>;
}

@QueryHandler(ListOrdersQuery)
export class ListOrdersHandler implements IQueryHandler<ListOrdersQuery> {
  private readonly all: ListStatements;
  private readonly inStatus: ListStatements;

  constructor(@InjectRepository(OrderView, VIEW_READER) orders: Repository<OrderView>) {
    const statements = (byStatus: boolean): ListStatements => ({
      page: ViewStatement.of(orders, (view) => {
        const where = byStatus ? `WHERE ${view.column('status')} = ${view.param(1)} ` : '';
        const limit = byStatus ? 2 : 1; // the parameters after the status, if any
        return (
          `SELECT ${view.allColumns} FROM ${view.table} ${where}` +
          `ORDER BY ${view.column('placedPosition')}, ${view.column('id')} ` +
          `LIMIT ${view.param(limit)} OFFSET ${view.param(limit + 1)}`
        );
      }),
      count: ViewStatement.of(orders, (view) => {
        const where = byStatus ? ` WHERE ${view.column('status')} = ${view.param(1)}` : '';
        return `SELECT COUNT(*) AS "total" FROM ${view.table}${where}`;
      }),
    });
    this.all = statements(false);
    this.inStatus = statements(true);
  }

  async execute({ status, limit, offset }: ListOrdersQuery): Promise<OrderList> {
    const { page, count } = status ? this.inStatus : this.all;
    const filter = status ? [status] : [];
    // As the inventory list: on SQLite the two run back to back, so the page and its total see the same view.
    const [rows, counted] = await Promise.all([page.all(...filter, limit, offset), count.get(...filter)]);
    return { items: rows.map(toOrderDetails), total: Number(counted?.total ?? 0), limit, offset };
  }
}
