import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { OptionalIdField } from '../../../core/index.js';
import { MAX_LINES } from '../../domain/order-line.js';
import { OrderLineRequest } from './order-line.request.js';

export class PlaceOrderRequest {
  @OptionalIdField()
  id?: string;

  @ApiProperty({ type: [OrderLineRequest], minItems: 1, maxItems: MAX_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => OrderLineRequest)
  lines: OrderLineRequest[];
}
