import { ApiProperty } from '@nestjs/swagger';
import { IntegerInRange, UuidField } from '../../../core/index.js';
import { MAX_LINE_QUANTITY } from '../../domain/order-line.js';

export class OrderLineRequest {
  @ApiProperty({
    format: 'uuid',
    example: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10',
    description: 'An inventory item; an unknown one gets the order rejected',
  })
  @UuidField()
  itemId: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: MAX_LINE_QUANTITY })
  @IntegerInRange(1, MAX_LINE_QUANTITY)
  quantity: number;
}
