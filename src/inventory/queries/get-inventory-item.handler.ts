import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { VIEW_READER, ViewCache, ViewStatement } from '../../core/index.js';
import { InventoryItemNotFoundError } from '../domain/inventory-item.errors.js';
import { InventoryItemDetailsView } from '../read-model/inventory-item-details.view.js';
import { GetInventoryItemQuery, type InventoryItemDetails } from './get-inventory-item.query.js';

@QueryHandler(GetInventoryItemQuery)
export class GetInventoryItemHandler implements IQueryHandler<GetInventoryItemQuery> {
  private readonly byId: ViewStatement<InventoryItemDetails>;

  constructor(
    @InjectRepository(InventoryItemDetailsView, VIEW_READER) details: Repository<InventoryItemDetailsView>,
    private readonly cache: ViewCache,
  ) {
    this.byId = ViewStatement.of(
      details,
      (view) => `SELECT ${view.allColumns} FROM ${view.table} WHERE ${view.column('id')} = ${view.param(1)}`,
    );
  }

  async execute({ itemId }: GetInventoryItemQuery): Promise<InventoryItemDetails> {
    const row = await this.cache.row(InventoryItemDetailsView, itemId, () => this.byId.get(itemId));
    if (!row) throw new InventoryItemNotFoundError(itemId);
    return row;
  }
}
