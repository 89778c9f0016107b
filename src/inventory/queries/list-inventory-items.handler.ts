import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { VIEW_READER, ViewStatement } from '../../core/index.js';
import { InventoryListView } from '../read-model/inventory-list.view.js';
import {
  type InventoryItemList,
  type InventoryListItem,
  ListInventoryItemsQuery,
} from './list-inventory-items.query.js';

@QueryHandler(ListInventoryItemsQuery)
export class ListInventoryItemsHandler implements IQueryHandler<ListInventoryItemsQuery> {
  private readonly page: ViewStatement<InventoryListItem>;
  // A plain COUNT(*): TypeORM's findAndCount counts with COUNT(DISTINCT ...), which grows with the table.
  private readonly count: ViewStatement<{ total: number | string }>;

  constructor(@InjectRepository(InventoryListView, VIEW_READER) list: Repository<InventoryListView>) {
    this.page = ViewStatement.of(
      list,
      (view) =>
        `SELECT ${view.column('id')} AS "id", ${view.column('name')} AS "name" FROM ${view.table} ` +
        `ORDER BY ${view.column('name')}, ${view.column('id')} LIMIT ${view.param(1)} OFFSET ${view.param(2)}`,
    );
    this.count = ViewStatement.of(list, (view) => `SELECT COUNT(*) AS "total" FROM ${view.table}`);
  }

  async execute({ limit, offset }: ListInventoryItemsQuery): Promise<InventoryItemList> {
    // Called together: on SQLite both run synchronously, back to back, so the page and its total see
    // the same view; on PostgreSQL they run concurrently on two connections.
    const [items, counted] = await Promise.all([this.page.all(limit, offset), this.count.get()]);
    return { items, total: Number(counted?.total ?? 0), limit, offset };
  }
}
