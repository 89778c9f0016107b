import { ApiProperty } from '@nestjs/swagger';
import type { InventoryItemList, InventoryListItem } from '../../queries/list-inventory-items.query.js';

export class InventoryListItemResponse implements InventoryListItem {
  @ApiProperty({ format: 'uuid', example: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10' })
  id: string;

  @ApiProperty({ example: 'Widget' })
  name: string;
}

export class InventoryListResponse implements InventoryItemList {
  @ApiProperty({ type: [InventoryListItemResponse], description: 'Ordered by name, then id' })
  items: InventoryListItemResponse[];

  @ApiProperty({ example: 120, description: 'Active items in all' })
  total: number;

  @ApiProperty({ example: 50 })
  limit: number;

  @ApiProperty({ example: 0 })
  offset: number;
}
