import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SqliteViewStatement, VIEW_READER } from '../../core/index.js';
import { InventoryItemNotFoundError } from '../domain/inventory-item.errors.js';
import { InventoryItemDetailsView } from '../read-model/inventory-item-details.view.js';
import { GetInventoryItemQuery, type InventoryItemDetails } from './get-inventory-item.query.js';

type DetailsRow = Omit<InventoryItemDetails, 'active'> & { active: boolean | number };

@QueryHandler(GetInventoryItemQuery)
export class GetInventoryItemHandler implements IQueryHandler<GetInventoryItemQuery> {
  private readonly byId?: SqliteViewStatement<DetailsRow>;

  constructor(
    @InjectRepository(InventoryItemDetailsView, VIEW_READER)
    private readonly details: Repository<InventoryItemDetailsView>,
  ) {
    this.byId = SqliteViewStatement.of(
      details,
      (view) => `SELECT ${view.allColumns} FROM ${view.table} WHERE ${view.column('id')} = ?`,
    );
  }

  async execute({ itemId }: GetInventoryItemQuery): Promise<InventoryItemDetails> {
    const row = this.byId ? this.byId.get(itemId) : await this.details.findOneBy({ id: itemId });
    if (!row) throw new InventoryItemNotFoundError(itemId);
    return { ...row, active: Boolean(row.active) };
  }
}
