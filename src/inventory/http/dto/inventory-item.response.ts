import { ApiProperty } from '@nestjs/swagger';
import type { InventoryItemDetails } from '../../queries/get-inventory-item.query.js';

export class InventoryItemResponse implements InventoryItemDetails {
  @ApiProperty({ format: 'uuid', example: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10' })
  id: string;

  @ApiProperty({ example: 'Widget' })
  name: string;

  @ApiProperty({ example: 7, description: 'In stock, not counting what orders hold' })
  currentCount: number;

  @ApiProperty({ type: Number, example: 100, nullable: true })
  maxQty: number | null;

  @ApiProperty({ example: 3, description: 'Also sent as the ETag' })
  version: number;

  @ApiProperty({ example: true })
  active: boolean;
}
