import { ApiProperty } from '@nestjs/swagger';
import type { InventoryItemList, InventoryListItem } from '../../queries/list-inventory-items.query.js';

export class InventoryListItemResponse implements InventoryListItem {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Widget' })
  name: string;
}

export class InventoryListResponse implements InventoryItemList {
  @ApiProperty({ type: [InventoryListItemResponse] })
  items: InventoryListItemResponse[];

  @ApiProperty({ example: 120, description: 'Active items in all' })
  total: number;

  @ApiProperty({ example: 50 })
  limit: number;

  @ApiProperty({ example: 0 })
  offset: number;
}
