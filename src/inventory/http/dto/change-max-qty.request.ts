import { ApiProperty } from '@nestjs/swagger';
import { ExpectedVersionField, IntegerInRange } from '../../../core/index.js';
import { MAX_QUANTITY } from '../../domain/inventory-item.aggregate.js';

export class ChangeMaxQtyRequest {
  @ApiProperty({ example: 500, minimum: 1, maximum: MAX_QUANTITY, description: 'The most the item may hold' })
  @IntegerInRange(1, MAX_QUANTITY)
  maxQty: number;

  @ExpectedVersionField()
  expectedVersion?: number;
}
