import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { mustBe, OptionalIdField } from '../../../core/index.js';
import { MAX_LINES } from '../../domain/order-line.js';
import { OrderLineRequest } from './order-line.request.js';

const LINES = mustBe(`an array of 1 to ${MAX_LINES} lines, each { itemId, quantity }`);

export class PlaceOrderRequest {
  @OptionalIdField()
  id?: string;

  @ApiProperty({ type: [OrderLineRequest], minItems: 1, maxItems: MAX_LINES })
  @IsArray(LINES)
  @ArrayMinSize(1, LINES)
  @ArrayMaxSize(MAX_LINES, LINES)
  @IsObject({ each: true, ...LINES })
  @ValidateNested({ each: true })
  @Type(() => OrderLineRequest)
  lines: OrderLineRequest[];
}
