import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { NotFoundError, VIEW_READER } from '../../core/index.js';
import { InventoryItemDetailsView } from '../read-model/inventory-item-details.view.js';
import { GetInventoryItemQuery, type InventoryItemDetails } from './get-inventory-item.query.js';

@QueryHandler(GetInventoryItemQuery)
export class GetInventoryItemHandler implements IQueryHandler<GetInventoryItemQuery> {
  constructor(
    @InjectRepository(InventoryItemDetailsView, VIEW_READER)
    private readonly details: Repository<InventoryItemDetailsView>,
  ) {}

  async execute({ itemId }: GetInventoryItemQuery): Promise<InventoryItemDetails> {
    const row = await this.details.findOneBy({ id: itemId });
    if (!row)
      throw new NotFoundError('INVENTORY_ITEM_NOT_FOUND', `Inventory item ${itemId} does not exist`, {
        itemId,
      });
    return { ...row, active: Boolean(row.active) };
  }
}
