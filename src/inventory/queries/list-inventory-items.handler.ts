import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { VIEW_READER } from '../../core/index.js';
import { InventoryListView } from '../read-model/inventory-list.view.js';
import { type InventoryItemList, ListInventoryItemsQuery } from './list-inventory-items.query.js';

@QueryHandler(ListInventoryItemsQuery)
export class ListInventoryItemsHandler implements IQueryHandler<ListInventoryItemsQuery> {
  constructor(
    @InjectRepository(InventoryListView, VIEW_READER) private readonly list: Repository<InventoryListView>,
  ) {}

  async execute({ limit, offset }: ListInventoryItemsQuery): Promise<InventoryItemList> {
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
