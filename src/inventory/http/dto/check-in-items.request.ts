import { ApiProperty } from '@nestjs/swagger';
import { ExpectedVersionField, IntegerInRange } from '../../../core/index.js';
import { MAX_QUANTITY } from '../../domain/inventory-item.aggregate.js';

export class CheckInItemsRequest {
  @ApiProperty({ example: 10, minimum: 1, maximum: MAX_QUANTITY, description: 'How many items arrive' })
  @IntegerInRange(1, MAX_QUANTITY)
  count: number;

  @ExpectedVersionField()
  expectedVersion?: number;
}
