import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ConsistencyParams, IntegerInRange, mustBe, QueryInteger } from '../../../core/index.js';
import { ORDER_STATUSES, type OrderStatus } from '../../domain/order-line.js';

export class ListOrdersParams extends ConsistencyParams {
  @ApiPropertyOptional({ enum: ORDER_STATUSES, description: 'Only orders in this status' })
  @IsOptional()
  @IsIn(ORDER_STATUSES, mustBe(`one of ${ORDER_STATUSES.join(', ')}`))
  status?: OrderStatus;

  @ApiPropertyOptional({
    type: Number,
    minimum: 1,
    maximum: 500,
    default: 50,
    description: 'Orders per page',
  })
  @IsOptional()
  @QueryInteger()
  @IntegerInRange(1, 500)
  limit?: number;

  @ApiPropertyOptional({ type: Number, minimum: 0, default: 0, description: 'Orders to skip' })
  @IsOptional()
  @QueryInteger()
  @IntegerInRange(0, Number.MAX_SAFE_INTEGER)
  offset?: number;
}
