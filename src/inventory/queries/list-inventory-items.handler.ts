import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SqliteViewStatement, VIEW_READER } from '../../core/index.js';
import { InventoryListView } from '../read-model/inventory-list.view.js';
import {
  type InventoryItemList,
  type InventoryListItem,
  ListInventoryItemsQuery,
} from './list-inventory-items.query.js';

@QueryHandler(ListInventoryItemsQuery)
export class ListInventoryItemsHandler implements IQueryHandler<ListInventoryItemsQuery> {
  private readonly page?: SqliteViewStatement<InventoryListItem>;
  private readonly count?: SqliteViewStatement<{ total: number }>;

  constructor(
    @InjectRepository(InventoryListView, VIEW_READER) private readonly list: Repository<InventoryListView>,
  ) {
    this.page = SqliteViewStatement.of(
      list,
      (view) =>
        `SELECT ${view.column('id')} AS "id", ${view.column('name')} AS "name" FROM ${view.table} ` +
        `ORDER BY ${view.column('name')}, ${view.column('id')} LIMIT ? OFFSET ?`,
    );
    this.count = SqliteViewStatement.of(list, (view) => `SELECT COUNT(*) AS "total" FROM ${view.table}`);
  }

  async execute({ limit, offset }: ListInventoryItemsQuery): Promise<InventoryItemList> {
    if (this.page && this.count) {
      // Both synchronous, back to back: the one process that writes this file runs no JS in between, so
      // the page and its total see the same view.
      return { items: this.page.all(limit, offset), total: this.count.get()!.total, limit, offset };
    }
    // Two plain queries: findAndCount would count with COUNT(DISTINCT ...), which grows with the table.
    const [items, total] = await Promise.all([
      this.list.find({
        select: { id: true, name: true },
        order: { name: 'ASC', id: 'ASC' },
        skip: offset,
        take: limit,
      }),
      this.list.count(),
    ]);
    return { items, total, limit, offset };
  }
}
