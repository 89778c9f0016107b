import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { ExpectedVersionField } from '../../../core/index.js';
import { MAX_QUANTITY } from '../../domain/inventory-item.aggregate.js';

export class RemoveItemsRequest {
  @ApiProperty({ example: 3, minimum: 1, maximum: MAX_QUANTITY, description: 'How many items leave' })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  count: number;

  @ExpectedVersionField()
  expectedVersion?: number;
}
